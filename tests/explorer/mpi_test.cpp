// `mpirun -n N archex run ...` end to end on one machine (Open MPI with
// --oversubscribe; as root also --allow-run-as-root): rank 0 owns the study,
// the other ranks evaluate with the external fake evaluator. Checks that the
// ranks share the work, that --batch trials do not depend on the number of
// ranks, that kill -9 of the whole job or the death of one worker loses and
// repeats nothing after `archex resume`, and that a grid spreads its studies.

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "explorer/sqlite_trial_store.h"
#include "tests/explorer/archex_cli.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

using testing::CommandResult;
using testing::read_bytes;
using testing::run_archex;
using testing::TempDir;

const std::string kFake = std::string(ARCHEX_SOURCE_DIR) + "/tests/explorer/fake_evaluator.py";
const std::filesystem::path kModule = std::filesystem::path(ARCHEX_BINARY).parent_path() / "libarchex_mpi.so";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Starts `mpirun -n ranks archex args...` in `dir`, in a session of its own
// (so the whole job can be killed); output to dir/child.out, child.err.
pid_t start_mpirun(int ranks, const std::vector<std::string>& args, const std::filesystem::path& dir) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid != 0) return pid;
  setsid();
  if (chdir(dir.c_str()) != 0) _exit(126);
  const int out = open("child.out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err = open("child.err", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(out, STDOUT_FILENO);
  dup2(err, STDERR_FILENO);
  // Shared memory between the ranks only: no network interface is needed.
  setenv("OMPI_MCA_btl", "self,vader", 1);
  setenv("OMPI_MCA_btl_vader_single_copy_mechanism", "none", 1);
  // Under the sanitize preset: unwind leak stacks fully in the ranks, so the
  // suppressions can attribute Open MPI's never-freed allocations to it
  // (tests/lsan-suppressions.txt); the ranks are short, so the cost is small.
  if (const char* lsan = std::getenv("LSAN_OPTIONS"); lsan != nullptr && *lsan != '\0')
    setenv("LSAN_OPTIONS", (std::string(lsan) + ":fast_unwind_on_malloc=0").c_str(), 1);
  std::vector<std::string> words = {"mpirun", "--oversubscribe", "-n", std::to_string(ranks)};
  if (geteuid() == 0) words.insert(words.begin() + 1, "--allow-run-as-root");
  words.push_back(ARCHEX_BINARY);
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  execvp("mpirun", argv.data());
  _exit(127);
}

CommandResult run_mpirun(int ranks, const std::vector<std::string>& args, const std::filesystem::path& dir) {
  return testing::wait_archex(start_mpirun(ranks, args, dir), dir);
}

// SIGKILL to every process of the session `sid` (mpirun, its ranks and their evaluators).
void kill_session(pid_t sid) {
  for (int round = 0; round < 3; ++round) {
    DIR* proc = opendir("/proc");
    while (dirent* entry = readdir(proc)) {
      const int pid = std::atoi(entry->d_name);
      if (pid <= 0) continue;
      std::ifstream stat("/proc/" + std::string(entry->d_name) + "/stat");
      std::string line;
      std::getline(stat, line);
      const auto close = line.rfind(')');
      if (close == std::string::npos) continue;
      std::istringstream fields(line.substr(close + 2));
      std::string state;
      int ppid = 0, pgrp = 0, session = 0;
      fields >> state >> ppid >> pgrp >> session;
      if (session == sid) kill(pid, SIGKILL);
    }
    closedir(proc);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

class Mpi : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kModule)) GTEST_SKIP() << "archex was built without MPI (" << kModule << ")";
    if (std::system("command -v mpirun > /dev/null") != 0) GTEST_SKIP() << "mpirun is not installed";
  }
};

std::vector<std::string> study_args(const std::string& evaluator, int trials, std::vector<std::string> more = {}) {
  std::vector<std::string> args = {"run",      "--study",   "s",         "--workload", "lenet5",
                                   "--trials", std::to_string(trials), "--db",  "a.db",
                                   "--evaluator", evaluator};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::vector<TrialRecord> stored_trials(const TempDir& dir, const std::string& study = "s",
                                       const std::string& db = "a.db") {
  SqliteStoreOptions options;
  options.read_only = true;
  SqliteTrialStore store(dir.file(db), options);
  return store.trials(store.get_study(study).id);
}

// Every trial number 0..n-1 once, every trial finished.
void expect_complete_study(const std::vector<TrialRecord>& trials, int n) {
  ASSERT_EQ(static_cast<int>(trials.size()), n);
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(trials[i].number, i);
    EXPECT_NE(trials[i].state, TrialState::kRunning) << "trial " << i;
    EXPECT_NE(trials[i].state, TrialState::kFailed) << trials[i].reason;
  }
}

// Evaluations per evaluator process, and per archex rank that started it
// (the fake evaluator's --log: pid, parent pid, request id).
struct Evaluations {
  std::map<std::string, int> by_process, by_rank;
};
Evaluations evaluations(const TempDir& dir) {
  Evaluations e;
  std::istringstream log(read_bytes(dir.file("log")));
  for (std::string pid, ppid, id; log >> pid >> ppid >> id;) {
    ++e.by_process[pid];
    ++e.by_rank[ppid];
  }
  return e;
}

TEST_F(Mpi, WorkerRanksEvaluateWhileRankZeroOwnsTheStudy) {
  TempDir dir;
  const auto r = run_mpirun(3, study_args(kFake + " --sleep 0.05 --log log", 12, {"--optimizer", "random"}),
                            dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "evaluating on 2 MPI worker ranks")) << r.err;
  expect_complete_study(stored_trials(dir), 12);
  // One evaluator per worker rank, both busy; rank 0 evaluates nothing.
  const auto e = evaluations(dir);
  EXPECT_EQ(e.by_process.size(), 2u);
  ASSERT_EQ(e.by_rank.size(), 2u);
  for (const auto& [rank, n] : e.by_rank) EXPECT_GE(n, 2) << rank;
}

TEST_F(Mpi, BatchTrialsAreTheSameForAnyNumberOfRanks) {
  const std::vector<std::string> more = {"--optimizer", "evolution", "--setting", "population=4", "--batch", "4"};
  std::vector<std::vector<std::string>> runs;
  for (int ranks : {0, 2, 4}) {
    TempDir dir;
    const auto args = study_args(kFake, 16, more);
    const auto r = ranks == 0 ? run_archex(args, dir.path()) : run_mpirun(ranks, args, dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> fingerprints;
    for (const auto& t : stored_trials(dir)) fingerprints.push_back(testing::trial_fingerprint(t));
    runs.push_back(fingerprints);
  }
  ASSERT_EQ(runs[0].size(), 16u);
  EXPECT_EQ(runs[0], runs[1]);
  EXPECT_EQ(runs[0], runs[2]);
}

TEST_F(Mpi, KillingTheWholeJobLosesAndRepeatsNothingAfterResume) {
  TempDir dir;
  const pid_t job = start_mpirun(3, study_args(kFake + " --sleep 0.1 --log log", 24, {"--optimizer", "random"}),
                                 dir.path());
  // Let a few trials finish, then kill -9 every process of the job. (Up to a
  // minute: starting three ranks on a busy 2-core machine, beside other MPI
  // tests, has taken over 10 s.)
  for (int i = 0; i < 1200 && evaluations(dir).by_rank.size() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (evaluations(dir).by_rank.size() < 2) {
    kill_session(job);
    waitpid(job, nullptr, 0);
    FAIL() << "no two ranks evaluated within a minute";
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill_session(job);
  waitpid(job, nullptr, 0);
  const auto before = stored_trials(dir);
  ASSERT_GT(before.size(), 2u);
  ASSERT_LT(before.size(), 24u);
  // Resume without MPI: the trials left running are re-run under their numbers.
  const auto r = run_archex({"resume", "--study", "s", "--db", "a.db"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto after = stored_trials(dir);
  expect_complete_study(after, 24);
  for (const auto& t : before) {
    if (t.state != TrialState::kRunning) {
      EXPECT_EQ(testing::trial_fingerprint(t), testing::trial_fingerprint(after[t.number]));
    }
  }
}

// A worker that dies takes the job down (mpirun ends every rank once it
// notices); the dead worker's trial is still running in the database, and
// `archex resume` re-runs it.
TEST_F(Mpi, ADyingWorkerStopsTheJobAndResumeFinishesTheStudy) {
  TempDir dir;
  const auto r = run_mpirun(
      3, study_args(kFake + " --state state --fail kill-parent@6", 16, {"--optimizer", "random"}), dir.path());
  EXPECT_NE(r.exit_code, 0);
  const auto before = stored_trials(dir);
  int running = 0;
  for (const auto& t : before) running += t.state == TrialState::kRunning;
  EXPECT_GE(running, 1);
  const auto resumed = run_mpirun(2, {"resume", "--study", "s", "--db", "a.db"}, dir.path());
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  expect_complete_study(stored_trials(dir), 16);
}

TEST_F(Mpi, AGridSpreadsItsStudiesOverTheRanks) {
  TempDir dir;
  {
    std::ofstream spec(dir.file("grid.yaml"));
    spec << "name: g\nworkloads: [lenet5]\nbudgets: [6.8]\noptimizers: [random]\nseeds: 4\ntrials: 3\n"
         << "evaluator: {command: \"" << kFake << " --sleep 0.05 --log log\"}\n";
  }
  const auto r = run_mpirun(3, {"experiment", "run", "grid.yaml", "--db", "a.db"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (int seed = 0; seed < 4; ++seed)
    expect_complete_study(stored_trials(dir, "g.lenet5.6.8mm2.random.s" + std::to_string(seed)), 3);
  // Rank 0's own slot and both workers evaluated.
  EXPECT_EQ(evaluations(dir).by_rank.size(), 3u);
}

// Without MPI: `--shard I/N` for a scheduler's array jobs, each shard its own
// database; `archex compare --db ...` reads them together.
TEST(Shard, EachShardWritesItsOwnDatabaseAndCompareReadsThemAll) {
  TempDir dir;
  {
    std::ofstream spec(dir.file("grid.yaml"));
    spec << "name: g\nworkloads: [lenet5]\nbudgets: [6.8]\noptimizers: [random, evolution]\nseeds: 2\ntrials: 3\n";
  }
  for (const char* shard : {"1/2", "2/2"}) {
    const auto r = run_archex({"experiment", "run", "grid.yaml", "--shard", shard, "--db",
                               std::string("shard") + shard[0] + ".db"},
                              dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "2 studies of shard " + std::string(shard))) << r.out;
  }
  const auto r = run_archex({"compare", "--experiment", "grid.yaml", "--db", "shard1.db", "--db", "shard2.db", "--out",
                             "cmp", "--no-plots"},
                            dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "compared 4 studies")) << r.out;
  EXPECT_FALSE(contains(r.err, "has not been run")) << r.err;
  const auto bad = run_archex({"experiment", "run", "grid.yaml", "--shard", "3/2", "--db", "x.db"}, dir.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.err, "--shard '3/2'")) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("x.db")));
}

}  // namespace
}  // namespace archex::explore
