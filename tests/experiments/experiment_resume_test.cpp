// `archex experiment run` killed with SIGKILL and run again finishes the grid
// without repeating finished studies, and ends with the same trials as an
// uninterrupted run.

#include <signal.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "explorer/errors.h"
#include "explorer/sqlite_trial_store.h"

namespace archex::exp {
namespace {

namespace fs = std::filesystem;
using explore::TrialState;

constexpr int kTrials = 300;

pid_t spawn(const std::vector<std::string>& args, const fs::path& log) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

int wait_exit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// study name -> its finished trials as "number:params:value", in number order.
using Snapshot = std::map<std::string, std::vector<std::string>>;

Snapshot snapshot(const fs::path& db, bool only_complete_studies) {
  Snapshot snap;
  if (!fs::exists(db)) return snap;
  explore::SqliteStoreOptions ro;
  ro.create = false;
  ro.read_only = true;
  explore::SqliteTrialStore store(db, ro);
  for (const auto& s : store.list_studies()) {
    if (only_complete_studies && s.counts.finished() < kTrials) continue;
    auto& rows = snap[s.study.name];
    for (const auto& t : store.trials(s.study.id)) {
      if (t.state == TrialState::kRunning) continue;
      rows.push_back(std::to_string(t.number) + ":" + t.params_json + ":" + std::to_string(t.value.value_or(-1)) +
                     ":" + t.finished_at);
    }
  }
  return snap;
}

// For polling while the writer may still be creating the file / schema.
std::size_t finished_trials(const fs::path& db) {
  std::size_t n = 0;
  try {
    for (const auto& [name, rows] : snapshot(db, false)) n += rows.size();
  } catch (const explore::StoreError&) {
    return 0;
  }
  return n;
}

// Drops the finish time ("…:2026-12-06T05:05:12.345Z" has two colons of its
// own; cutting at the last colon only kept "…T05:05" and failed whenever the
// two runs straddled a minute).
std::string strip_times(const std::string& row) {
  std::size_t cut = row.rfind(':');
  for (int i = 0; i < 2 && cut != std::string::npos && cut > 0; ++i) cut = row.rfind(':', cut - 1);
  return row.substr(0, cut);
}

TEST(ExperimentResume, SigkillThenRerunFinishesGridWithoutRepeats) {
  const fs::path dir = fs::temp_directory_path() / ("archex-exp-resume-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto spec = dir / "grid.yaml";
  std::ofstream(spec) << "name: kill\nobjective: latency\nworkloads: [lenet5]\nbudgets: [6.8]\n"
                         "optimizers: [random, evolution]\nseeds: 2\ntrials: "
                      << kTrials << "\n";
  const auto killed_db = dir / "killed.db";
  const auto clean_db = dir / "clean.db";
  const std::string bin = ARCHEX_BINARY;

  // Kill it several times while it runs (after it has written new trials),
  // snapshotting the studies that were complete at each kill.
  Snapshot complete_before;
  int kills = 0;
  std::size_t seen = 0;
  for (int extra_ms : {0, 40, 15}) {
    const pid_t pid = spawn({bin, "experiment", "run", spec.string(), "--db", killed_db.string()}, dir / "killed.log");
    // Up to a minute: on a loaded machine the process takes seconds to start.
    for (int polls = 0; polls < 12000 && finished_trials(killed_db) <= seen; ++polls)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(extra_ms));
    if (kill(pid, SIGKILL) == 0) ++kills;
    wait_exit(pid);
    seen = finished_trials(killed_db);
    complete_before = snapshot(killed_db, /*only_complete_studies=*/true);
  }
  EXPECT_GE(kills, 2);
  EXPECT_LT(seen, 4u * kTrials) << "the grid finished before it could be killed; raise kTrials";
  const pid_t final_run =
      spawn({bin, "experiment", "run", spec.string(), "--db", killed_db.string()}, dir / "final.log");
  ASSERT_EQ(wait_exit(final_run), 0);
  const pid_t clean = spawn({bin, "experiment", "run", spec.string(), "--db", clean_db.string()}, dir / "clean.log");
  ASSERT_EQ(wait_exit(clean), 0);

  const auto after = snapshot(killed_db, false);
  const auto reference = snapshot(clean_db, false);
  ASSERT_EQ(after.size(), 4u);  // 2 optimizers x 2 seeds
  ASSERT_EQ(reference.size(), 4u);
  for (const auto& [name, rows] : after) {
    SCOPED_TRACE(name);
    ASSERT_EQ(rows.size(), static_cast<std::size_t>(kTrials));
    for (int i = 0; i < kTrials; ++i) EXPECT_EQ(rows[i].substr(0, rows[i].find(':')), std::to_string(i));
    // Same trials as the uninterrupted run (sequential runs are deterministic).
    const auto& ref = reference.at(name);
    for (int i = 0; i < kTrials; ++i) EXPECT_EQ(strip_times(rows[i]), strip_times(ref[i]));
  }
  // Studies complete before the last run were not touched again (same finish times).
  for (const auto& [name, rows] : complete_before) EXPECT_EQ(after.at(name), rows) << name;
  std::ifstream log(dir / "final.log");
  std::stringstream text;
  text << log.rdbuf();
  for (const auto& [name, rows] : complete_before)
    EXPECT_NE(text.str().find(name + ": already complete"), std::string::npos) << text.str();
  RecordProperty("kills", kills);
  RecordProperty("studies_complete_before_final_run", static_cast<int>(complete_before.size()));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace archex::exp
