// The study engine end to end on the fake model: determinism, continuation,
// parallel jobs, stopping, reclaiming, priors, the cache, the optimizer's view.

#include <atomic>
#include <optional>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "explorer/errors.h"
#include "explorer/memory_trial_store.h"
#include "explorer/sqlite_trial_store.h"
#include "explorer/study_setup.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

using testing::fake_spec;
using testing::make_fake_environment;
using testing::run_study;
using testing::study_fingerprints;
using testing::TempDir;

constexpr double kBudget = 3.0;  // about half the fake space fits

std::unique_ptr<StudyEnvironment> env_for(const StudySpec& spec) { return make_fake_environment(spec); }

TEST(StudyRunner, SameSeedSameTrialsOtherSeedOtherTrials) {
  TempDir dir;
  SqliteTrialStore first(dir.file("a.db")), second(dir.file("b.db"));
  for (const char* optimizer : {"random", "evolution"}) {
    const StudySpec spec = fake_spec(std::string("s-") + optimizer, ObjectiveKind::kLatency, kBudget, 60, {{"small"}}, optimizer, 5);
    const RunSummary summary = run_study(first, spec, env_for(spec));
    run_study(second, spec, env_for(spec));
    EXPECT_EQ(summary.finished_here, 60);
    EXPECT_EQ(summary.counts.finished(), 60);
    EXPECT_FALSE(summary.stopped);
    const auto trials = study_fingerprints(first, spec.name);
    ASSERT_EQ(trials.size(), 60u);
    EXPECT_EQ(trials, study_fingerprints(second, spec.name)) << optimizer;
    StudySpec other = spec;
    other.name += "-seed6";
    other.seed = 6;
    run_study(second, other, env_for(other));
    EXPECT_NE(trials, study_fingerprints(second, other.name)) << optimizer;
  }
}

TEST(StudyRunner, RaisingTheTargetContinuesAsIfRunInOneGo) {
  MemoryTrialStore split, whole;
  StudySpec spec = fake_spec("grow", ObjectiveKind::kPerfPerArea, std::nullopt, 25, {{"small"}}, "evolution", 1);
  run_study(split, spec, env_for(spec));
  EXPECT_EQ(split.summarize(split.get_study("grow").id).counts.finished(), 25);
  spec.trials = 70;
  const RunSummary more = run_study(split, spec, env_for(spec));
  EXPECT_EQ(more.finished_here, 45);
  run_study(whole, spec, env_for(spec));
  EXPECT_EQ(study_fingerprints(split, "grow"), study_fingerprints(whole, "grow"));
  // Already at the target: nothing to do.
  EXPECT_EQ(run_study(split, spec, env_for(spec)).finished_here, 0);
}

TEST(StudyRunner, ParallelJobsReachTheTargetWithUniqueNumbers) {
  TempDir dir;
  SqliteTrialStore store(dir.file("jobs.db"));
  StudySpec spec = fake_spec("jobs", ObjectiveKind::kLatency, kBudget, 120, {{"small"}}, "random", 2);
  spec.jobs = 4;
  RunOptions options;
  options.jobs = 4;
  const RunSummary summary = run_study(store, spec, env_for(spec), options);
  EXPECT_EQ(summary.finished_here, 120);
  const auto trials = store.trials(store.get_study("jobs").id);
  ASSERT_EQ(trials.size(), 120u);
  std::set<opt::Point> points;
  for (int i = 0; i < 120; ++i) {
    EXPECT_EQ(trials[i].number, i);
    EXPECT_NE(trials[i].state, TrialState::kRunning);
    points.insert(trials[i].point);
  }
  EXPECT_EQ(points.size(), 120u);  // random search never repeats a point it has seen or has pending
}

TEST(StudyRunner, StoppingReleasesRunningTrialsAndResumingFinishesTheSameStudy) {
  TempDir dir;
  SqliteTrialStore store(dir.file("stop.db"));
  MemoryTrialStore reference;
  const StudySpec spec = fake_spec("stop", ObjectiveKind::kLatency, kBudget, 50, {{"small"}}, "evolution", 9);
  std::atomic<bool> stop{false};
  RunOptions options;
  options.stop = &stop;
  options.on_progress = [&](const RunProgress& p) {
    if (p.finished_here >= 17) stop = true;
  };
  const RunSummary first = run_study(store, spec, env_for(spec), options);
  EXPECT_TRUE(first.stopped);
  EXPECT_EQ(first.counts.finished(), 17);
  const RunSummary second = run_study(store, spec, env_for(spec));
  EXPECT_FALSE(second.stopped);
  EXPECT_EQ(second.counts.finished(), 50);
  run_study(reference, spec, env_for(spec));
  EXPECT_EQ(study_fingerprints(store, "stop"), study_fingerprints(reference, "stop"));
}

TEST(StudyRunner, StoppingWithTrialsInFlightReleasesThemForReRun) {
  TempDir dir;
  SqliteTrialStore store(dir.file("inflight.db"));
  StudySpec spec = fake_spec("inflight", ObjectiveKind::kLatency, kBudget, 60, {{"small"}}, "random", 9);
  spec.jobs = 3;
  std::atomic<bool> stop{false};
  RunOptions options;
  options.jobs = 3;
  options.stop = &stop;
  options.on_progress = [&](const RunProgress& p) {
    if (p.finished_here >= 10 && p.running > 0) stop = true;
  };
  auto slow = env_for(spec);
  testing::fake_model(*slow).set_delay(std::chrono::milliseconds(2));
  const RunSummary first = run_study(store, spec, std::move(slow), options);
  ASSERT_TRUE(first.stopped);
  ASSERT_GT(first.counts.running, 0);
  for (const auto& trial : store.trials(store.get_study("inflight").id))
    if (trial.state == TrialState::kRunning) {
      EXPECT_TRUE(trial.owner.token.empty()) << "trial " << trial.number << " not released";
    }
  options.stop = nullptr;
  options.on_progress = nullptr;
  const RunSummary second = run_study(store, spec, env_for(spec), options);
  EXPECT_EQ(second.reclaimed, first.counts.running);
  EXPECT_EQ(second.counts.finished(), 60);
  EXPECT_EQ(second.counts.running, 0);
}

TEST(StudyRunner, AStaleTrialIsRerunWithItsNumberAndPoint) {
  MemoryTrialStore store;
  const StudySpec spec = fake_spec("stale", ObjectiveKind::kLatency, kBudget, 5, {{"small"}}, "random", 3);
  auto opened = open_study(store, spec, env_for(spec));
  // A process claimed trial 0 and vanished (released here; a dead pid or an old heartbeat act alike).
  Owner ghost = Owner::current();
  store.claim_trials({opened.record.id, ghost, 1, std::chrono::seconds(60), 0}, [&](const ClaimContext&) {
    return std::vector<NewTrial>{{{3, 3, 3, 3}, opened.env->space.params_json({3, 3, 3, 3}), "ghost"}};
  });
  store.release_trials(opened.record.id, ghost);
  StudyRunner runner(store, opened.record, *opened.env, {}, RunOptions{});
  const RunSummary summary = runner.run();
  EXPECT_EQ(summary.reclaimed, 1);
  const auto trials = store.trials(opened.record.id);
  ASSERT_EQ(trials.size(), 5u);
  EXPECT_EQ(trials[0].point, (opt::Point{3, 3, 3, 3}));
  EXPECT_EQ(trials[0].proposer, "ghost");
  EXPECT_EQ(trials[0].attempts, 2);
  EXPECT_NE(trials[0].state, TrialState::kRunning);
}

TEST(StudyRunner, TheOptimizerSeesMinimisationValuesInfeasibilityAndPending) {
  MemoryTrialStore store;
  const StudySpec spec = fake_spec("view", ObjectiveKind::kPerfPerArea, std::nullopt, 4, {{"big", 3.0}}, "random");
  auto env = make_fake_environment(spec.primary().kind, spec.budget_mm2, {{"big", 3.0}});
  auto seen = std::make_shared<testing::SeenHistory>();
  // Trial 1 is unmappable (mem 16 KiB < 96) and trial 2 makes the model throw.
  env->make_optimizer = testing::scripted_optimizer({{1, 1, 4, 1}, {0, 0, 0, 0}, {4, 4, 4, 3}, {2, 2, 4, 2}}, seen);
  run_study(store, spec, std::move(env));
  EXPECT_EQ(seen->calls, 4);
  ASSERT_EQ(seen->trials.size(), 3u);  // what the fourth proposal saw
  const auto trials = store.trials(store.get_study("view").id);
  EXPECT_EQ(trials[0].state, TrialState::kComplete);
  EXPECT_EQ(trials[1].state, TrialState::kInfeasible);
  EXPECT_EQ(trials[2].state, TrialState::kFailed);
  EXPECT_EQ(trials[2].reason, "fake model: no such chip");
  EXPECT_TRUE(seen->trials[0].feasible);
  EXPECT_DOUBLE_EQ(seen->trials[0].value, -*trials[0].value);  // perf-per-area is maximised: negated
  EXPECT_FALSE(seen->trials[1].feasible);
  EXPECT_FALSE(seen->trials[2].feasible);
  EXPECT_EQ(seen->trials[0].proposer, "scripted");
  EXPECT_TRUE(seen->pending.empty());
}

TEST(StudyRunner, OverBudgetTrialsReachTheOptimizerWithTheirMeasuredObjective) {
  TempDir dir;
  SqliteTrialStore sqlite(dir.file("v.db"));
  MemoryTrialStore memory;
  for (TrialStore* store : {static_cast<TrialStore*>(&sqlite), static_cast<TrialStore*>(&memory)}) {
    StudySpec spec = fake_spec("over", ObjectiveKind::kLatency, 1.5, 4);
    // Trial 0 fits; trial 1 is over the budget (16 PEs x 64 lanes); trial 2 is unmappable.
    const std::vector<opt::Point> script = {{0, 0, 1, 0}, {4, 4, 2, 3}, {1, 1, 0, 1}, {0, 1, 1, 0}};
    auto seen = std::make_shared<testing::SeenHistory>();
    auto env = env_for(spec);
    env->make_optimizer = testing::scripted_optimizer(script, seen);
    run_study(*store, spec, std::move(env));
    const auto trials = store->trials(store->get_study("over").id);
    ASSERT_EQ(trials[1].state, TrialState::kInfeasible);
    ASSERT_NE(trials[1].reason.find("exceeds the budget"), std::string::npos) << trials[1].reason;
    const double latency = nlohmann::json::parse(trials[1].metrics_json).at("small").at("latency_ms").get<double>();
    ASSERT_EQ(seen->trials.size(), 3u);
    EXPECT_FALSE(seen->trials[0].violating_value.has_value());  // feasible: a plain value
    EXPECT_FALSE(seen->trials[1].feasible);
    EXPECT_EQ(seen->trials[1].violating_value, std::optional(latency));
    EXPECT_FALSE(seen->trials[2].violating_value.has_value());  // unmappable: nothing measured
    // A continued study reloads its history from the store: the same view.
    spec.trials = 5;
    auto again = env_for(spec);
    again->make_optimizer = testing::scripted_optimizer(script, seen);
    run_study(*store, spec, std::move(again));
    ASSERT_EQ(seen->trials.size(), 4u);
    EXPECT_EQ(seen->trials[1].violating_value, std::optional(latency));
    EXPECT_FALSE(seen->trials[2].violating_value.has_value());
  }
}

TEST(StudyRunner, RepeatedConfigsAreMarkedCachedAlsoAfterAResume) {
  TempDir dir;
  SqliteTrialStore store(dir.file("cache.db"));
  StudySpec spec = fake_spec("cache", ObjectiveKind::kLatency, kBudget, 3, {{"small"}}, "random");
  const std::vector<opt::Point> script{{1, 1, 1, 1}, {2, 2, 2, 2}};
  auto seen = std::make_shared<testing::SeenHistory>();
  auto env = env_for(spec);
  env->make_optimizer = testing::scripted_optimizer(script, seen);
  run_study(store, spec, std::move(env));
  // A new process (fresh cache) continues the study: trial 3 repeats trial 1's config.
  spec.trials = 6;
  env = env_for(spec);
  env->make_optimizer = testing::scripted_optimizer(script, seen);
  const RunSummary summary = run_study(store, spec, std::move(env));
  EXPECT_EQ(summary.cached_here, 3);
  const auto trials = store.trials(store.get_study("cache").id);
  std::vector<bool> cached;
  for (const auto& t : trials) cached.push_back(t.cached);
  EXPECT_EQ(cached, (std::vector<bool>{false, false, true, true, true, true}));
  EXPECT_EQ(trials[2].metrics_json, trials[0].metrics_json);
}

TEST(StudyRunner, PriorsAreRescoredUnderTheNewBudgetAndNeverCounted) {
  TempDir dir;
  SqliteTrialStore store(dir.file("priors.db"));
  const StudySpec wide = fake_spec("wide", ObjectiveKind::kLatency, 6.8, 80, {{"small"}}, "random", 4);
  run_study(store, wide, env_for(wide));
  // Expected re-scoring, from the stored raw metrics.
  int feasible_at_1_5 = 0, over_1_5 = 0, with_metrics = 0;
  std::vector<std::optional<double>> expected_violating;
  for (const auto& t : store.trials(store.get_study("wide").id)) {
    if (t.metrics_json.empty()) continue;
    ++with_metrics;
    const auto m = nlohmann::json::parse(t.metrics_json).at("small");
    const bool mappable = m.at("feasible").get<bool>();
    const bool over = m.at("area_mm2").get<double>() > 1.5;
    feasible_at_1_5 += mappable && !over;
    over_1_5 += mappable && over;
    // Over the new budget but evaluated: the latency travels with the prior.
    expected_violating.push_back(mappable && over ? std::optional(m.at("latency_ms").get<double>()) : std::nullopt);
  }
  ASSERT_GT(feasible_at_1_5, 0);
  ASSERT_GT(over_1_5, 0);
  StudySpec narrow = fake_spec("narrow", ObjectiveKind::kLatency, 1.5, 10, {{"small"}}, "random", 4);
  narrow.priors = {"wide"};
  auto env = env_for(narrow);
  auto seen = std::make_shared<testing::SeenHistory>();
  env->make_optimizer = testing::scripted_optimizer({{0, 0, 2, 0}}, seen);
  auto opened = open_study(store, narrow, std::move(env));
  EXPECT_EQ(static_cast<int>(opened.priors.observations.size()), with_metrics);
  EXPECT_EQ(opened.priors.feasible, feasible_at_1_5);
  EXPECT_EQ(opened.priors.observations[0].proposer, "prior:wide");
  for (std::size_t i = 0; i < expected_violating.size(); ++i)
    EXPECT_EQ(opened.priors.observations[i].violating_value, expected_violating[i]) << "prior " << i;
  StudyRunner runner(store, opened.record, *opened.env, opened.priors.observations, RunOptions{});
  const RunSummary summary = runner.run();
  EXPECT_EQ(summary.counts.finished(), 10);  // priors are not trials
  EXPECT_EQ(static_cast<int>(seen->priors.size()), with_metrics);
  EXPECT_EQ(store.summarize(opened.record.id).prior_count, with_metrics);
  // A prior study on another workload is evaluated on this one by the cost
  // model (prior_transfer_test.cpp checks the values and the external
  // evaluator's refusal).
  StudySpec other = fake_spec("other", ObjectiveKind::kLatency, 1.5, 10, {{"tiny"}}, "random", 4);
  other.priors = {"wide"};
  const auto evaluated = open_study(store, other, env_for(other)).priors;
  EXPECT_GT(evaluated.evaluated, 0);
  EXPECT_EQ(evaluated.evaluated + evaluated.skipped, static_cast<int>(store.trials(store.find_study("wide")->id).size()));
}

TEST(StudyRunner, AStudyCannotBeContinuedWithAnotherSpecOrModel) {
  MemoryTrialStore store;
  const StudySpec spec = fake_spec("fixed", ObjectiveKind::kLatency, kBudget, 5);
  run_study(store, spec, env_for(spec));
  StudySpec changed = spec;
  changed.budget_mm2 = 4.0;
  try {
    open_study(store, changed, env_for(changed));
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("study 'fixed' in :memory: already exists with a different spec "
                                         "(budget_mm2: 3.0 stored, 4.0 requested)"),
              std::string::npos)
        << e.what();
  }
  auto env = env_for(spec);
  auto model = std::make_shared<testing::FakeCostModel>();
  model->set_version("2");
  env->cost_model = model;
  try {
    open_study(store, spec, std::move(env));
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot be continued: the cost model changed"), std::string::npos) << e.what();
  }
}

TEST(StudyRunner, RunOptionsAreValidated) {
  RunOptions options;
  options.jobs = 0;
  EXPECT_THROW(options.validate(), ExploreError);
  options = RunOptions{};
  options.heartbeat_interval = options.stale_after;
  EXPECT_THROW(options.validate(), ExploreError);
}

TEST(StudyRunner, ProposalRngDependsOnSeedAndFirstNumberOnly) {
  auto a = proposal_rng(7, 12), b = proposal_rng(7, 12), c = proposal_rng(7, 13), d = proposal_rng(8, 12);
  const auto x = a();
  EXPECT_EQ(x, b());
  EXPECT_NE(x, c());
  EXPECT_NE(x, d());
}

}  // namespace
}  // namespace archex::explore
