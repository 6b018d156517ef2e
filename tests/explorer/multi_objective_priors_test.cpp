// Transfer with several objectives: a prior study's trials are re-scored from
// their raw metrics into every objective (and direction) of the target study,
// whichever number of objectives the prior study had; the warm-started study
// then runs with every multi-objective optimizer.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "explorer/memory_trial_store.h"
#include "explorer/study_setup.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

using testing::fake_spec;
using testing::make_fake_environment;

// What the target should see for one stored prior trial, computed here from
// its raw metrics (the fake model: one workload "small").
struct Expected {
  bool evaluated = false;  // mappable: the objectives are known
  bool feasible = false;   // and within the target's area budget
  std::vector<double> minimised;
};

Expected expected_prior(const TrialRecord& trial, double budget_mm2, const std::vector<ObjectiveSpec>& objectives) {
  Expected e;
  const auto m = nlohmann::json::parse(trial.metrics_json).at("small");
  e.evaluated = m.at("feasible").get<bool>();
  if (!e.evaluated) return e;
  e.feasible = m.at("area_mm2").get<double>() <= budget_mm2;
  for (const auto& o : objectives) {
    const char* key = o.kind == ObjectiveKind::kLatency  ? "latency_ms"
                      : o.kind == ObjectiveKind::kEnergy ? "energy_uj"
                                                         : "area_mm2";
    const double value = m.at(key).get<double>();
    e.minimised.push_back(o.direction == Direction::kMinimize ? value : -value);
  }
  return e;
}

// Runs `source`, opens `target` with it as prior and checks every prior
// observation against the source's stored metrics.
OpenedStudy open_with_checked_priors(MemoryTrialStore& store, const StudySpec& source, StudySpec target) {
  testing::run_study(store, source, make_fake_environment(source));
  target.priors = {source.name};
  auto opened = open_study(store, target, make_fake_environment(target));
  const bool several = target.objectives.size() > 1;
  int index = 0, feasible = 0, violating = 0;
  for (const auto& trial : store.trials(store.get_study(source.name).id)) {
    if (trial.metrics_json.empty()) continue;  // failed in the source: nothing to re-score
    const Expected e = expected_prior(trial, *target.budget_mm2, target.objectives);
    const opt::Observation& o = opened.priors.observations.at(index++);
    EXPECT_EQ(o.proposer, "prior:" + source.name);
    EXPECT_EQ(o.feasible, e.feasible) << "prior " << index;
    if (e.feasible) {
      ++feasible;
      EXPECT_DOUBLE_EQ(o.value, e.minimised.front()) << "prior " << index;
      if (several) {
        EXPECT_EQ(o.values, e.minimised) << "prior " << index;
      } else {
        EXPECT_TRUE(o.values.empty());
      }
    } else if (e.evaluated) {
      // Over the target's budget: every objective travels with the prior.
      ++violating;
      EXPECT_TRUE(o.violating_value) << "prior " << index;
      if (o.violating_value) {
        EXPECT_DOUBLE_EQ(*o.violating_value, e.minimised.front());
      }
      if (several) {
        EXPECT_EQ(o.violating_values, e.minimised) << "prior " << index;
      }
    } else {
      EXPECT_FALSE(o.violating_value);
    }
  }
  EXPECT_EQ(index, static_cast<int>(opened.priors.observations.size()));
  EXPECT_EQ(opened.priors.feasible, feasible);
  EXPECT_GT(feasible, 0);    // the budgets are chosen so that both kinds occur
  EXPECT_GT(violating, 0);
  return opened;
}

class MultiObjectivePriors : public ::testing::TestWithParam<const char*> {};

TEST_P(MultiObjectivePriors, ASingleObjectiveStudyWarmStartsAMultiObjectiveOne) {
  MemoryTrialStore store;
  const StudySpec source = fake_spec("single", ObjectiveKind::kLatency, 6.8, 60, {{"small"}}, "random", 3);
  StudySpec target = fake_spec("several", ObjectiveKind::kLatency, 1.5, 12, {{"small"}}, GetParam(), 5);
  // A maximised objective too: the prior's values must carry its direction.
  target.objectives = parse_objective_list("latency,max:energy,area", "test");
  auto opened = open_with_checked_priors(store, source, target);
  StudyRunner runner(store, opened.record, *opened.env, opened.priors.observations, RunOptions{});
  const RunSummary summary = runner.run();
  EXPECT_EQ(summary.counts.finished(), 12);  // priors are not trials
  EXPECT_EQ(store.summarize(opened.record.id).prior_count, static_cast<int>(opened.priors.observations.size()));
  for (const auto& t : store.trials(opened.record.id))
    if (t.state == TrialState::kComplete) {
      EXPECT_EQ(t.values.size(), 3u);
    }
}

INSTANTIATE_TEST_SUITE_P(EveryOptimizer, MultiObjectivePriors,
                         ::testing::Values("random", "evolution", "gp-bandit", "mbo", "p3bo"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::erase(name, '-');
                           return name;
                         });

TEST(MultiObjectivePriorsTransfer, AMultiObjectiveStudyWarmStartsASingleObjectiveOne) {
  MemoryTrialStore store;
  StudySpec source = fake_spec("pareto", ObjectiveKind::kLatency, 6.8, 60, {{"small"}}, "random", 3);
  source.objectives = parse_objective_list("latency,energy,area", "test");
  const StudySpec target = fake_spec("latency-only", ObjectiveKind::kLatency, 1.5, 10, {{"small"}}, "evolution", 5);
  auto opened = open_with_checked_priors(store, source, target);
  StudyRunner runner(store, opened.record, *opened.env, opened.priors.observations, RunOptions{});
  EXPECT_EQ(runner.run().counts.finished(), 10);
}

TEST(MultiObjectivePriorsTransfer, AMultiObjectiveStudyWarmStartsOneWithOtherObjectives) {
  MemoryTrialStore store;
  StudySpec source = fake_spec("lat-energy", ObjectiveKind::kLatency, 6.8, 60, {{"small"}}, "random", 3);
  source.objectives = parse_objective_list("latency,energy", "test");
  StudySpec target = fake_spec("area-lat", ObjectiveKind::kLatency, 1.5, 10, {{"small"}}, "gp-bandit", 5);
  target.objectives = parse_objective_list("area,latency", "test");
  auto opened = open_with_checked_priors(store, source, target);
  StudyRunner runner(store, opened.record, *opened.env, opened.priors.observations, RunOptions{});
  EXPECT_EQ(runner.run().counts.finished(), 10);
}

}  // namespace
}  // namespace archex::explore
