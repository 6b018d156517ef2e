// External evaluators (docs/evaluators.md): the protocol, the cache keyed by
// the declared version, and every way an evaluator can fail — each leaves the
// study consistent, with the failures stored and explained. The evaluator is
// tests/explorer/fake_evaluator.py, which misbehaves on request.

#include <signal.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "explorer/child_process.h"
#include "explorer/errors.h"
#include "explorer/evaluator.h"
#include "explorer/sqlite_trial_store.h"
#include "tests/explorer/archex_cli.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

using testing::read_bytes;
using testing::run_archex;
using testing::TempDir;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::string kFake = std::string(ARCHEX_SOURCE_DIR) + "/tests/explorer/fake_evaluator.py";

// The fake evaluator with its request counter in `dir`/state, plus `args`.
std::string fake(const TempDir& dir, const std::string& args = "") {
  return kFake + " --state '" + dir.file("state").string() + "' " + args;
}

nlohmann::json counters(const TempDir& dir) { return nlohmann::json::parse(read_bytes(dir.file("state"))); }

// `archex run` of an n-trial random study of LeNet-5 measured by `evaluator`.
testing::CommandResult run_study(const TempDir& dir, const std::string& evaluator, int trials,
                                 std::vector<std::string> more = {}) {
  std::vector<std::string> args = {"run",         "--study",  "s",        "--workload", "lenet5",
                                   "--optimizer", "random",   "--trials", std::to_string(trials),
                                   "--db",        "a.db",     "--evaluator", evaluator};
  args.insert(args.end(), more.begin(), more.end());
  return run_archex(args, dir.path());
}

std::vector<TrialRecord> stored_trials(const TempDir& dir) {
  SqliteStoreOptions options;
  options.read_only = true;
  SqliteTrialStore store(dir.file("a.db"), options);
  return store.trials(store.get_study("s").id);
}

TrialCounts count(const std::vector<TrialRecord>& trials) {
  TrialCounts counts;
  for (const auto& t : trials) counts.add(t.state);
  return counts;
}

TEST(SplitCommand, QuotesAndBackslashesAsAShellButNothingElse) {
  EXPECT_EQ(split_command("sim --x 'a b' \"c \\\" d\" e\\ f $HOME;|*"),
            (std::vector<std::string>{"sim", "--x", "a b", "c \" d", "e f", "$HOME;|*"}));
  EXPECT_THROW(split_command("sim 'open"), ExploreError);
  EXPECT_THROW(split_command("   "), ExploreError);
}

TEST(ExternalEvaluator, MeasuresEveryTrialAndStoresTheEvaluatorWithTheMetrics) {
  TempDir dir;
  const auto r = run_study(dir, fake(dir), 6);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto trials = stored_trials(dir);
  ASSERT_EQ(trials.size(), 6u);
  for (const auto& t : trials) {
    ASSERT_NE(t.state, TrialState::kFailed) << t.reason;
    const auto metrics = nlohmann::json::parse(t.metrics_json).at("lenet5");
    EXPECT_EQ(metrics.at("evaluator"), "fake-sim 1.0");
    // The fake reports no area: archex's area model fills it in, and says so.
    EXPECT_EQ(metrics.at("area_source"), "archex area model");
    EXPECT_GT(metrics.at("area_mm2").get<double>(), 0.0);
    EXPECT_DOUBLE_EQ(metrics.at("energy_uj").get<double>(), metrics.at("latency_ms").get<double>() * 30.0);
  }
  EXPECT_EQ(counters(dir).at("requests"), 6);
  EXPECT_EQ(counters(dir).at("starts"), 1);  // one process, kept for every design
}

TEST(ExternalEvaluator, TheCommandIsPartOfTheStudyAndTheSpecFileNamesIt) {
  TempDir dir;
  {
    std::ofstream spec(dir.file("spec.yaml"));
    spec << "name: s\nworkload: lenet5\noptimizer: random\ntrials: 3\n"
         << "evaluator: {command: \"" << fake(dir) << "\", timeout_s: 30, retries: 1}\n";
  }
  auto r = run_archex({"run", "spec.yaml", "--db", "a.db"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Another command measures other numbers: refused as a different study.
  r = run_study(dir, kFake + " --version 2.0", 3);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "already exists with a different spec (evaluator: ")) << r.err;
  // The stored command is used on resume; the timeout is a setting of the run.
  r = run_archex({"resume", "--study", "s", "--db", "a.db", "--trials", "5", "--evaluator-timeout", "20"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count(stored_trials(dir)).complete + count(stored_trials(dir)).infeasible, 5);
  // A spec error names the field.
  {
    std::ofstream spec(dir.file("bad.yaml"));
    spec << "workload: lenet5\nevaluator: {command: sim, timeout_s: -1}\n";
  }
  r = run_archex({"run", "bad.yaml", "--db", "b.db"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "field 'evaluator.timeout_s'")) << r.err;
  r = run_archex({"run", "--workload", "lenet5", "--db", "b.db", "--evaluator", "/no/such/simulator --fast"},
                 dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "/no/such/simulator")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("b.db")));
}

TEST(ExternalEvaluator, ACrashIsRetriedOnAFreshProcess) {
  TempDir dir;
  const auto r = run_study(dir, fake(dir, "--fail crash@3"), 5);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count(stored_trials(dir)).failed, 0);
  EXPECT_EQ(counters(dir).at("starts"), 2);
}

// Three failed attempts (retries 2): the trial is stored failed with every
// attempt's reason; the trials after it are measured as usual.
void expect_one_failed_trial(const std::string& mode, const std::string& explanation,
                             std::vector<std::string> more = {}) {
  TempDir dir;
  const auto r =
      run_study(dir, fake(dir, "--fail " + mode + "@2 --fail " + mode + "@3 --fail " + mode + "@4"), 5, more);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto trials = stored_trials(dir);
  ASSERT_EQ(trials.size(), 5u);
  EXPECT_EQ(count(trials).failed, 1);
  EXPECT_EQ(count(trials).running, 0);
  EXPECT_EQ(trials[1].state, TrialState::kFailed);
  EXPECT_TRUE(contains(trials[1].reason, "failed 3 attempts on workload lenet5")) << trials[1].reason;
  EXPECT_TRUE(contains(trials[1].reason, "attempt 3: " + explanation)) << trials[1].reason;
  EXPECT_EQ(counters(dir).at("starts"), 4);  // each failed attempt cost a restart
}

TEST(ExternalEvaluator, AKilledEvaluatorFailsItsTrialWithTheReason) {
  expect_one_failed_trial("crash", "crashed (exited with status 9; stderr: fake-sim: segmentation fault (simulated))");
}

TEST(ExternalEvaluator, AHungEvaluatorTimesOut) {
  expect_one_failed_trial("hang", "timed out after 0.5 s", {"--evaluator-timeout", "0.5"});
}

TEST(ExternalEvaluator, AGarbageLineIsAFailedAttempt) {
  expect_one_failed_trial("garbage", "answered with a line that is not JSON: 'Warning: cache model not calibrated'");
}

TEST(ExternalEvaluator, AnErrorAnswerFailsTheTrialWithoutARestart) {
  TempDir dir;
  const auto r = run_study(dir, fake(dir, "--fail error@2"), 4);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto trials = stored_trials(dir);
  EXPECT_EQ(trials[1].state, TrialState::kFailed);
  EXPECT_TRUE(contains(trials[1].reason, "reported an error on workload lenet5: simulator rejected the config"))
      << trials[1].reason;
  EXPECT_EQ(counters(dir).at("starts"), 1);
}

TEST(ExternalEvaluator, MissingEnergyFailsAStudyThatNeedsIt) {
  TempDir dir;
  const auto r = run_study(dir, fake(dir, "--no-energy"), 2, {"--objective", "energy"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& t : stored_trials(dir)) {
    EXPECT_EQ(t.state, TrialState::kFailed);
    EXPECT_TRUE(contains(t.reason, "no energy_uj")) << t.reason;
  }
}

// An evaluator that stops starting (a licence server gone): the trials fail,
// explained, and after five in a row the run stops; nothing else is lost and
// the study continues once the evaluator starts again.
TEST(ExternalEvaluator, AnEvaluatorThatExitsAtStartStopsTheRunAfterFiveFailures) {
  TempDir dir;
  auto r = run_study(dir, fake(dir, "--starts-ok 1 --fail crash@3"), 10);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "5 trials in a row failed")) << r.err;
  auto trials = stored_trials(dir);
  ASSERT_EQ(trials.size(), 7u);
  EXPECT_EQ(count(trials).failed, 5);
  EXPECT_EQ(count(trials).running, 0);
  EXPECT_TRUE(contains(trials[2].reason, "attempt 1: crashed")) << trials[2].reason;
  EXPECT_TRUE(contains(trials[2].reason,
                       "attempt 2: exited at start (exited with status 3; stderr: fake-sim: license server unavailable)"))
      << trials[2].reason;
  // The evaluator works again: the study resumes to its target.
  std::ofstream(dir.file("state"), std::ios::trunc) << R"({"starts": 0, "requests": 100})";
  r = run_archex({"resume", "--study", "s", "--db", "a.db"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  trials = stored_trials(dir);
  ASSERT_EQ(trials.size(), 10u);
  EXPECT_EQ(count(trials).failed, 5);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(trials[i].number, i);
}

TEST(ExternalEvaluator, CtrlCDuringAnEvaluationReleasesTheTrialInsteadOfFailingIt) {
  TempDir dir;
  const pid_t pid = testing::start_archex({"run", "--study", "s", "--workload", "lenet5", "--optimizer", "random",
                                           "--trials", "3", "--db", "a.db", "--evaluator", fake(dir, "--sleep 30")},
                                          dir.path());
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const auto start = std::chrono::steady_clock::now();
  kill(pid, SIGINT);
  const auto r = testing::wait_archex(pid, dir.path());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(r.exit_code, 130);  // stopped by Ctrl-C, its work kept
  EXPECT_TRUE(contains(r.err, "interrupted")) << r.err;
  const auto trials = stored_trials(dir);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].state, TrialState::kRunning);
  EXPECT_TRUE(trials[0].owner.token.empty());  // released: the next run re-runs it
}

// Multi-fidelity: the analytical model screens every design; only one within
// the rule (here: at least as good as the best analytical value so far) goes
// to the evaluator, and both results are stored. A study interrupted and
// resumed screens exactly as an uninterrupted one.
TEST(ExternalEvaluator, ScreeningSendsOnlyPromisingDesignsToTheEvaluator) {
  auto write_spec = [](const TempDir& dir, int trials) {
    std::ofstream spec(dir.file("spec.yaml"));
    spec << "name: s\nworkload: lenet5\noptimizer: random\nbudget_mm2: 100\nseed: 2\ntrials: " << trials
         << "\nevaluator: {command: \"" << fake(dir) << "\", screen: {within_pct: 0}}\n";
  };
  TempDir whole, split;
  write_spec(whole, 16);
  auto r = run_archex({"run", "spec.yaml", "--db", "a.db"}, whole.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int sent = 0, screened = 0;
  for (const auto& t : stored_trials(whole)) {
    const auto metrics = nlohmann::json::parse(t.metrics_json).at("lenet5");
    if (metrics.contains("evaluator")) {
      ++sent;
      EXPECT_TRUE(metrics.contains("analytical"));  // both fidelities stored
    } else if (contains(t.reason, "screened out")) {
      ++screened;
      EXPECT_EQ(t.state, TrialState::kInfeasible);
      EXPECT_TRUE(contains(t.reason, "not within 0 % of the best so far")) << t.reason;
      EXPECT_FALSE(t.values.empty());  // the optimizer still learns the analytical objective
    }
  }
  EXPECT_GE(sent, 1);
  EXPECT_GE(screened, 4);
  EXPECT_EQ(counters(whole).at("requests").get<int>(), sent);

  write_spec(split, 7);
  ASSERT_EQ(run_archex({"run", "spec.yaml", "--db", "a.db"}, split.path()).exit_code, 0);
  r = run_archex({"resume", "--study", "s", "--db", "a.db", "--trials", "16"}, split.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto a = stored_trials(whole), b = stored_trials(split);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].state, b[i].state) << i;
    EXPECT_EQ(a[i].reason, b[i].reason) << i;
  }
}

// The worked example of docs/evaluators.md, with its stand-in simulator.
TEST(ExternalEvaluator, TheScaleSimAdapterExampleMeasuresAStudy) {
  TempDir dir;
  const std::string adapter = std::string(ARCHEX_SOURCE_DIR) + "/examples/evaluators/scalesim_adapter.py";
  const auto r = run_archex({"run", "--study", "s", "--workload", "mobilenet_v2", "--optimizer", "random", "--trials",
                             "4", "--seed", "3", "--db", "a.db", "--evaluator", adapter + " --simulator toy"},
                            dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& t : stored_trials(dir)) {
    ASSERT_NE(t.state, TrialState::kFailed) << t.reason;
    const auto metrics = nlohmann::json::parse(t.metrics_json).at("mobilenet_v2");
    EXPECT_EQ(metrics.at("evaluator"), "scalesim-adapter/toy 1.0");
    EXPECT_GT(metrics.at("latency_cycles").get<double>(), 1e5);  // MobileNetV2: ~300 M MACs
    EXPECT_DOUBLE_EQ(metrics.at("latency_ms").get<double>(), metrics.at("latency_cycles").get<double>() / 1e6);
  }
}

// The cache serves a design measured before by the same declared version, and
// only by it.
TEST(ExternalEvaluator, TheCacheIsKeyedByTheDeclaredVersion) {
  TempDir dir;
  auto cache = std::make_shared<EvaluationCache>();
  const auto spec = testing::fake_spec("s", ObjectiveKind::kLatency, 100.0, 3);
  auto env = testing::make_fake_environment(spec);
  const opt::Point point = {1, 1, 2, 1};
  env->evaluator = EvaluatorSpec{fake(dir)};
  std::string stored;
  {
    Evaluator evaluator(*env, cache);
    const auto first = evaluator.evaluate(point);
    ASSERT_NE(first.state, TrialState::kFailed) << first.reason;
    EXPECT_FALSE(first.cached);
    EXPECT_TRUE(evaluator.evaluate(point).cached);
    stored = first.metrics_json;
  }
  EXPECT_EQ(counters(dir).at("requests"), 1);
  env->evaluator = EvaluatorSpec{fake(dir, "--version 2.0")};
  {
    Evaluator evaluator(*env, cache);
    EXPECT_FALSE(evaluator.evaluate(point).cached);
  }
  EXPECT_EQ(counters(dir).at("requests"), 2);
  // A resumed study refills the cache from stored trials, under their version.
  env->evaluator = EvaluatorSpec{fake(dir)};
  Evaluator evaluator(*env, std::make_shared<EvaluationCache>());
  evaluator.remember(point, stored);
  EXPECT_TRUE(evaluator.evaluate(point).cached);
}

}  // namespace
}  // namespace archex::explore
