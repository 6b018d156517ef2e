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
// With `kill_at_state_write` > 0 the child kills itself inside the
// transaction of its that-many-th optimizer state write.
pid_t spawn_runner(const std::filesystem::path& db, const StudySpec& spec, int start_fd = -1, int jobs = 1,
                   int kill_at_state_write = 0) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid != 0) return pid;
  int code = 0;
  try {
    if (start_fd >= 0) {
      char byte;
      if (read(start_fd, &byte, 1) != 1) _exit(4);
    }
    static int writes_left = 0;
    writes_left = kill_at_state_write;
    if (kill_at_state_write > 0)
      save_state_test_hook = [] {
        if (--writes_left == 0) raise(SIGKILL);
      };
    SqliteTrialStore store(db);
    RunOptions options;
    options.jobs = jobs;
    options.batch = spec.batch;
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

// An incremental model-based optimizer saves its model with the study. Kills
// at random moments and inside state writes, and a damaged saved state, must
// still give the uninterrupted run's trials (optimizers/optimizer.h).
void expect_model_based_resume_is_exact(const std::string& optimizer, const opt::Settings& settings) {
  TempDir dir;
  const auto db = dir.file("crash.db");
  StudySpec spec = fake_spec("crash", ObjectiveKind::kLatency, 3.0, 150, {{"small"}}, optimizer, 5);
  spec.batch = 10;
  spec.optimizer_settings = settings;
  std::mt19937 rng(20261207);
  int kills = 0, state_write_kills = 0, finished_before = 0;
  for (int attempt = 0; attempt < 40; ++attempt) {
    const bool in_state_write = attempt % 2 == 0;
    const pid_t pid = spawn_runner(db, spec, -1, 1, in_state_write ? std::uniform_int_distribution<int>(1, 2)(rng) : 0);
    if (!in_state_write) {
      const int wanted = finished_before + std::uniform_int_distribution<int>(1, 15)(rng);
      const auto give_up = std::chrono::steady_clock::now() + 10s;
      while (finished_trials(db, "crash") < wanted && !has_exited(pid) && std::chrono::steady_clock::now() < give_up)
        std::this_thread::sleep_for(100us);
      std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 3000)(rng)));
      kill(pid, SIGKILL);
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    if (WIFEXITED(status)) {
      ASSERT_EQ(WEXITSTATUS(status), 0);
      break;  // finished
    }
    ++kills;
    state_write_kills += in_state_write;
    finished_before = std::max(finished_before, finished_trials(db, "crash"));
    if (attempt == 9) {
      // A damaged saved state: rebuilt from the history by the next run.
      SqliteTrialStore store(db);
      const auto id = store.get_study("crash").id;
      auto state = store.load_optimizer_state(id);
      ASSERT_TRUE(state.has_value()) << "no state saved after " << finished_before << " trials";
      state->data[state->data.size() / 2] ^= 0x5a;
      store.save_optimizer_state(id, *state);  // same trial count: replaces it
    }
  }
  ASSERT_TRUE(reap(spawn_runner(db, spec)));
  SqliteTrialStore store(db);
  expect_complete_study(store, "crash", 150);
  const auto saved = store.load_optimizer_state(store.get_study("crash").id);
  ASSERT_TRUE(saved.has_value());
  EXPECT_GT(saved->trials, 100);
  std::printf("[ info ] %s: %d kills, %d of them inside a state write\n", optimizer.c_str(), kills,
              state_write_kills);
  EXPECT_GE(kills, 6);
  EXPECT_GE(state_write_kills, 3);

  MemoryTrialStore reference;
  RunOptions options;
  options.batch = spec.batch;
  testing::run_study(reference, spec, env_for(spec), options);
  const auto resumed = testing::study_fingerprints(store, "crash");
  const auto uninterrupted = testing::study_fingerprints(reference, "crash");
  ASSERT_EQ(resumed.size(), uninterrupted.size());
  for (std::size_t i = 0; i < resumed.size(); ++i) ASSERT_EQ(resumed[i], uninterrupted[i]) << "trial " << i;
}

opt::Settings small_mbo() {
  return {{"hidden", "8"},       {"steps", "40"},       {"update_steps", "10"},          {"replicas", "2"},
          {"cv_folds", "2"},     {"refit_every", "4"},  {"search_pool", "30"},           {"search_generations", "3"}};
}

TEST(CrashResume, MboWithASavedModelResumesExactly) { expect_model_based_resume_is_exact("mbo", small_mbo()); }

TEST(CrashResume, P3boWithASavedModelResumesExactly) {
  opt::Settings settings = {{"members", "evolution,mbo"}};
  for (const auto& [key, value] : small_mbo()) settings["mbo." + key] = value;
  expect_model_based_resume_is_exact("p3bo", settings);
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
