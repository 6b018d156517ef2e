#include "experiments/experiment_runner.h"

#include <gtest/gtest.h>

#include "explorer/errors.h"
#include "explorer/memory_trial_store.h"

namespace archex::exp {
namespace {

constexpr const char* kGrid = "name: g\nworkloads: [lenet5]\nbudgets: [6.8]\noptimizers: [random]\nseeds: 2\ntrials: 12\n";

TEST(ExperimentRunner, RunsEveryCellThenSkipsThem) {
  explore::MemoryTrialStore store;
  const auto spec = parse_experiment_spec(kGrid, "g.yaml");
  const auto first = run_experiment(spec, store);
  EXPECT_EQ(first.studies, 2u);
  EXPECT_EQ(first.completed, 2u);
  EXPECT_EQ(first.trials_run, 24);
  const auto again = run_experiment(spec, store);
  EXPECT_EQ(again.skipped, 2u);
  EXPECT_EQ(again.trials_run, 0);
  EXPECT_EQ(store.summarize(store.get_study("g.lenet5.6.8mm2.random.s1").id).counts.finished(), 12);
}

TEST(ExperimentRunner, AnEditedSpecUnderTheSameNamesIsRefusedNotSkipped) {
  explore::MemoryTrialStore store;
  run_experiment(parse_experiment_spec(kGrid, "g.yaml"), store);
  const auto edited = parse_experiment_spec(
      "name: g\nworkloads: [lenet5]\nbudgets: [6.8]\noptimizers: [{name: random, label: random, settings: {}}]\n"
      "seeds: 2\ntrials: 12\ntemplate: other.yaml\n",
      "g.yaml");
  try {
    run_experiment(edited, store);
    FAIL() << "expected a SpecError";
  } catch (const explore::SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("g.lenet5.6.8mm2.random.s0"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("template"), std::string::npos) << e.what();
  }
}

TEST(ExperimentRunner, ThreadsGoToStudiesFirstThenToEvaluations) {
  EXPECT_EQ(share_threads(2, 35).studies_at_once, 2);
  EXPECT_EQ(share_threads(2, 35).jobs_per_study, 1);
  EXPECT_EQ(share_threads(1, 35).studies_at_once, 1);
  EXPECT_EQ(share_threads(8, 3).studies_at_once, 3);
  EXPECT_EQ(share_threads(8, 3).jobs_per_study, 2);
  EXPECT_EQ(share_threads(4, 1).studies_at_once, 1);
  EXPECT_EQ(share_threads(4, 1).jobs_per_study, 4);
  EXPECT_EQ(share_threads(2, 0).studies_at_once, 1);
}

TEST(ExperimentRunner, StudiesRunAtOnceGiveTheTrialsOfOneAfterAnother) {
  constexpr const char* kBatched =
      "name: g\nworkloads: [lenet5]\nobjective: perf-per-area\noptimizers: [evolution, gp-bandit, mbo]\n"
      "seeds: 2\ntrials: 40\nbatch: 10\n";
  const auto spec = parse_experiment_spec(kBatched, "g.yaml");
  explore::MemoryTrialStore serial, parallel;
  run_experiment(spec, serial);
  ExperimentRunOptions two;
  two.parallel_studies = 2;
  const auto summary = run_experiment(spec, parallel, two);
  EXPECT_EQ(summary.completed, 6u);
  for (const auto& cell : expand_cells(spec)) {
    const auto a = serial.trials(serial.get_study(cell.spec.name).id);
    const auto b = parallel.trials(parallel.get_study(cell.spec.name).id);
    ASSERT_EQ(a.size(), 40u) << cell.spec.name;
    ASSERT_EQ(a.size(), b.size()) << cell.spec.name;
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].point, b[i].point) << cell.spec.name << " trial " << i;
      EXPECT_EQ(a[i].value, b[i].value) << cell.spec.name << " trial " << i;
    }
  }
}

}  // namespace
}  // namespace archex::exp
