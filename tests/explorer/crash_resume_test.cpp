// Crash safety and sharing between processes, with real processes: children
// forked from this test run a study on one SQLite file; some are killed with
// SIGKILL at random moments.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "explorer/errors.h"
#include "explorer/memory_trial_store.h"
#include "explorer/sqlite_trial_store.h"
#include "explorer/study_setup.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

using namespace std::chrono_literals;
using testing::fake_spec;
using testing::TempDir;

std::unique_ptr<StudyEnvironment> env_for(const StudySpec& spec) { return testing::make_fake_environment(spec); }

// Forks a child that runs the study on `db` to its target and exits 0 (3 on
// an exception). If `start_fd` >= 0 the child first waits for a byte on it.
pid_t spawn_runner(const std::filesystem::path& db, const StudySpec& spec, int start_fd = -1, int jobs = 1) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid != 0) return pid;
  int code = 0;
  try {
    if (start_fd >= 0) {
      char byte;
      if (read(start_fd, &byte, 1) != 1) _exit(4);
    }
    SqliteTrialStore store(db);
    RunOptions options;
    options.jobs = jobs;
    options.poll_interval = 5ms;
    testing::run_study(store, spec, env_for(spec), options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "runner %d: %s\n", getpid(), e.what());
    code = 3;
  }
  _exit(code);
}

// Waits for the child; true if it exited normally with status 0.
bool reap(pid_t pid) {
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void expect_complete_study(TrialStore& store, const std::string& name, int target) {
  const auto trials = store.trials(store.get_study(name).id);
  ASSERT_EQ(static_cast<int>(trials.size()), target);
  for (int i = 0; i < target; ++i) {
    EXPECT_EQ(trials[i].number, i);
    EXPECT_NE(trials[i].state, TrialState::kRunning) << "trial " << i;
  }
}

// Whether the child has exited, without reaping it.
bool has_exited(pid_t pid) {
  siginfo_t info{};
  return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid;
}

// Finished trials of the study, or -1 while the database or study does not exist yet.
int finished_trials(const std::filesystem::path& db, const std::string& study) {
  try {
    SqliteStoreOptions read_only;
    read_only.read_only = true;
    SqliteTrialStore peek(db, read_only);
    auto record = peek.find_study(study);
    return record ? peek.summarize(record->id).counts.finished() : -1;
  } catch (const StoreError&) {
    return -1;
  }
}

TEST(CrashResume, KilledAtRandomMomentsAndResumedEqualsAnUninterruptedRun) {
  TempDir dir;
  const auto db = dir.file("crash.db");
  const StudySpec spec = fake_spec("crash", ObjectiveKind::kLatency, 3.0, 800, {{"small"}}, "evolution", 11);
  std::mt19937 rng(20240501);
  int kills = 0, progress_kills = 0, finished_before = 0;
  for (int attempt = 0; attempt < 60; ++attempt) {
    const pid_t pid = spawn_runner(db, spec);
    if (attempt % 5 == 0) {
      // Early: while the database is created, the study opened, trials reloaded.
      std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 12000)(rng)));
    } else {
      // Mid-run: once a random number of further trials has finished, plus a
      // random fraction of a trial (claim, evaluation or commit).
      const int wanted = finished_before + std::uniform_int_distribution<int>(1, 25)(rng);
      const auto give_up = std::chrono::steady_clock::now() + 5s;
      while (finished_trials(db, "crash") < wanted && !has_exited(pid) && std::chrono::steady_clock::now() < give_up)
        std::this_thread::sleep_for(100us);
      std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 300)(rng)));
    }
    kill(pid, SIGKILL);
    if (reap(pid)) break;  // it finished before the kill landed
    ++kills;
    const int finished = finished_trials(db, "crash");
    if (finished > finished_before) ++progress_kills;
    finished_before = std::max(finished_before, finished);
  }
  // `archex resume`: one last run, not killed.
  ASSERT_TRUE(reap(spawn_runner(db, spec)));

  // Nothing left beside the database, even by kills during its creation.
  EXPECT_EQ(testing::list_files(dir.path()), std::vector<std::string>{"crash.db"});
  SqliteTrialStore store(db);
  expect_complete_study(store, "crash", 800);
  int rerun = 0;
  for (const auto& trial : store.trials(store.get_study("crash").id)) rerun += trial.attempts > 1;
  std::printf("[ info ] %d kills, %d after progress; %d trials were re-run after a kill\n", kills, progress_kills, rerun);
  EXPECT_GE(kills, 20);
  EXPECT_GE(progress_kills, 10);

  MemoryTrialStore reference;
  testing::run_study(reference, spec, env_for(spec));
  const auto resumed = testing::study_fingerprints(store, "crash");
  const auto uninterrupted = testing::study_fingerprints(reference, "crash");
  ASSERT_EQ(resumed.size(), uninterrupted.size());
  for (std::size_t i = 0; i < resumed.size(); ++i) ASSERT_EQ(resumed[i], uninterrupted[i]) << "trial " << i;
}

TEST(CrashResume, TwoProcessesOnOneStudyShareItWithoutLoss) {
  TempDir dir;
  const auto db = dir.file("shared.db");
  const StudySpec spec = fake_spec("shared", ObjectiveKind::kLatency, 3.0, 400, {{"small"}}, "random", 12);
  { SqliteTrialStore create(db); }  // both children find the file
  int start[2];
  ASSERT_EQ(pipe(start), 0);
  const pid_t a = spawn_runner(db, spec, start[0]);
  const pid_t b = spawn_runner(db, spec, start[0], 2);
  ASSERT_EQ(write(start[1], "go", 2), 2);
  close(start[0]);
  close(start[1]);
  EXPECT_TRUE(reap(a));
  EXPECT_TRUE(reap(b));
  SqliteTrialStore store(db);
  expect_complete_study(store, "shared", 400);
  std::set<std::int64_t> owners;
  for (const auto& trial : store.trials(store.get_study("shared").id)) owners.insert(trial.owner.pid);
  EXPECT_EQ(owners, (std::set<std::int64_t>{a, b})) << "both processes should have run trials";
}

TEST(CrashResume, ASurvivorReRunsTheTrialsOfAKilledPeer) {
  TempDir dir;
  const auto db = dir.file("survivor.db");
  StudySpec spec = fake_spec("survivor", ObjectiveKind::kLatency, 3.0, 200, {{"small"}}, "random", 13);
  { SqliteTrialStore create(db); }
  // The victim evaluates slowly, so it always holds running trials when killed.
  const pid_t victim = [&] {
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid != 0) return pid;
    SqliteTrialStore store(db);
    auto env = env_for(spec);
    testing::fake_model(*env).set_delay(50ms);
    RunOptions options;
    options.jobs = 2;
    testing::run_study(store, spec, std::move(env), options);
    _exit(0);
  }();
  std::this_thread::sleep_for(200ms);
  const pid_t survivor = spawn_runner(db, spec);
  std::this_thread::sleep_for(20ms);
  kill(victim, SIGKILL);
  EXPECT_FALSE(reap(victim));  // reaped: its pid is gone, the survivor may take its trials at once
  EXPECT_TRUE(reap(survivor));
  SqliteTrialStore store(db);
  expect_complete_study(store, "survivor", 200);
  int reclaimed = 0;
  for (const auto& trial : store.trials(store.get_study("survivor").id)) reclaimed += trial.attempts > 1;
  EXPECT_GE(reclaimed, 1);
}

}  // namespace
}  // namespace archex::explore
