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

}  // namespace
}  // namespace archex::exp
