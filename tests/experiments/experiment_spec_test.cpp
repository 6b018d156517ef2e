#include "experiments/experiment_spec.h"

#include <set>

#include <gtest/gtest.h>

#include "explorer/errors.h"

namespace archex::exp {
namespace {

using explore::SpecError;

std::string error_of(const std::string& yaml) {
  try {
    parse_experiment_spec(yaml, "grid.yaml");
  } catch (const SpecError& e) {
    return e.what();
  }
  return "";
}

TEST(ExperimentSpec, ExpandsGridWithTransferAfterItsSource) {
  const auto spec = parse_experiment_spec(R"(
name: g
objective: latency
workloads: [lenet5, alexnet]
budgets: [6.8, 4.8]
transfer: [{from: 6.8, to: 4.8}]
optimizers: [random, {name: evolution, label: evo50, settings: {population: 50}}]
seeds: [3, 4]
trials: 20
jobs: 2
)",
                                          "grid.yaml");
  const auto cells = expand_cells(spec);
  ASSERT_EQ(cells.size(), 2u * 2u * 2u * 3u);  // workloads x optimizers x seeds x (2 budgets + 1 transfer)
  EXPECT_EQ(cells[0].spec.name, "g.lenet5.6.8mm2.random.s3");
  EXPECT_EQ(cells[1].spec.name, "g.lenet5.4.8mm2.random.s3");
  EXPECT_EQ(cells[2].spec.name, "g.lenet5.4.8mm2.random.s3.from6.8mm2");
  EXPECT_TRUE(cells[2].transfer);
  EXPECT_EQ(cells[2].spec.priors, std::vector<std::string>{"g.lenet5.6.8mm2.random.s3"});
  EXPECT_EQ(*cells[2].spec.budget_mm2, 4.8);
  const auto& evo = cells[6];
  EXPECT_EQ(evo.spec.name, "g.lenet5.6.8mm2.evo50.s3");
  EXPECT_EQ(evo.spec.optimizer, "evolution");
  EXPECT_EQ(evo.spec.optimizer_settings.at("population"), "50");
  EXPECT_EQ(evo.spec.trials, 20);
  EXPECT_EQ(evo.spec.jobs, 2);
  // Every name is unique.
  std::set<std::string> names;
  for (const auto& c : cells) names.insert(c.spec.name);
  EXPECT_EQ(names.size(), cells.size());
}

TEST(ExperimentSpec, SeedCountAndDefaultBudget) {
  const auto spec = parse_experiment_spec("workloads: [lenet5]\noptimizers: [random]\nseeds: 3\ntrials: 5\n", "x/my-grid.yaml");
  EXPECT_EQ(spec.name, "my-grid");
  EXPECT_EQ(spec.seeds, (std::vector<std::uint64_t>{0, 1, 2}));
  EXPECT_EQ(spec.budgets, std::vector<double>{explore::kDefaultBudgetMm2});
}

TEST(ExperimentSpec, WorkloadSetsWithWeights) {
  const auto spec = parse_experiment_spec(R"(
objective: geomean-speedup
workload_sets: [{name: pair, workloads: ["lenet5:2", alexnet]}]
optimizers: [random]
trials: 5
)",
                                          "s.yaml");
  ASSERT_EQ(spec.workloads.size(), 1u);
  ASSERT_EQ(spec.workloads[0].workloads.size(), 2u);
  EXPECT_EQ(spec.workloads[0].workloads[0].weight, 2.0);
  EXPECT_EQ(expand_cells(spec)[0].spec.name, "s.pair.6.8mm2.random.s0");
}

TEST(ExperimentSpec, ErrorsNameFileLineAndField) {
  EXPECT_NE(error_of("workloads: [lenet5]\noptimizers: [random]\ntrials: 5\nbudgetz: 3\n").find("grid.yaml:4:1: field 'budgetz': unknown key"),
            std::string::npos);
  EXPECT_NE(error_of("workloads: [lenet5]\noptimizers: [random]\n").find("field 'trials': missing"), std::string::npos);
  EXPECT_NE(error_of("workloads: [lenet5]\noptimizers: [random]\ntrials: many\n").find("grid.yaml:3:9: field 'trials': expected an integer from 1 to 10000000, got 'many'"),
            std::string::npos);
  EXPECT_NE(error_of("workloads: [lenet5]\noptimizers: [random]\ntrials: 5\nbudgets: [-1]\n").find("field 'budgets'"),
            std::string::npos);
  EXPECT_NE(error_of("workloads: [lenet5]\noptimizers: [random]\ntrials: 5\nbudgets: [6.8]\ntransfer: [{from: 6.8, to: 4.8}]\n")
                .find("budget 4.8 mm^2 is not in `budgets`"),
            std::string::npos);
  EXPECT_NE(error_of("objective: perf-per-area\nworkloads: [lenet5]\noptimizers: [random]\ntrials: 5\nbudgets: [6.8]\n")
                .find("has no area budget"),
            std::string::npos);
  EXPECT_NE(error_of("workloads: [lenet5]\noptimizers: [random, random]\ntrials: 5\n").find("used twice"), std::string::npos);
  EXPECT_NE(error_of("workloads: [lenet5\n").find("grid.yaml:"), std::string::npos);
  EXPECT_NE(error_of("workloads: [lenet5]\noptimizers: [no-such-optimizer]\ntrials: 5\n").find("no-such-optimizer"),
            std::string::npos);
  EXPECT_THROW(read_experiment_spec("/nonexistent/spec.yaml"), SpecError);
  // Found by fuzzing: a name with bytes that are not UTF-8 broke the stored spec's JSON.
  EXPECT_NE(error_of("workloads: [lenet5]\noptimizers: [random]\ntrials: 5\nname: x\xff\n")
                .find("grid.yaml:4: not UTF-8 text (byte 0xFF)"),
            std::string::npos);
}

TEST(ExperimentSpec, ShippedSpecsParse) {
  for (const char* name : {"apollo-single-model", "apollo-single-model-quick", "apollo-multi-model",
                           "apollo-multi-model-quick", "apollo-transfer", "apollo-transfer-quick",
                           "transfer-robustness", "transfer-robustness-quick"}) {
    SCOPED_TRACE(name);
    const auto spec =
        read_experiment_spec(std::string(ARCHEX_SOURCE_DIR) + "/experiments/specs/" + name + ".yaml");
    EXPECT_FALSE(expand_cells(spec).empty());
  }
}

// Transfer robustness: every optimizer's `to` cell warm-started from each
// listed source optimizer's `from` cell, after every plain cell.
TEST(ExperimentSpec, TransferSourcesWarmStartEveryOptimizerFromEachSource) {
  const auto spec = parse_experiment_spec(R"(
name: g
workloads: [lenet5]
budgets: [6.8, 4.8]
transfer: [{from: 6.8, to: 4.8, sources: [random, evolution]}]
optimizers: [random, evolution, mbo]
seeds: 2
trials: 5
)", "grid.yaml");
  const auto cells = expand_cells(spec);
  ASSERT_EQ(cells.size(), 3u * 2 * 2 + 2u * 3 * 2);
  std::set<std::string> before;
  for (const auto& c : cells) {
    for (const auto& prior : c.spec.priors) EXPECT_TRUE(before.count(prior)) << c.spec.name << " before " << prior;
    before.insert(c.spec.name);
  }
  const auto& last = cells.back();
  EXPECT_EQ(last.spec.name, "g.lenet5.4.8mm2.mbo.s1.from6.8mm2.evolution");
  EXPECT_EQ(last.spec.priors, std::vector<std::string>{"g.lenet5.6.8mm2.evolution.s1"});
  EXPECT_TRUE(last.transfer);
  for (int i = 1; i <= 3; ++i) {
    std::set<std::string> names;
    const auto mine = shard_cells(cells, parse_shard(std::to_string(i) + "/3"));
    for (const auto& c : mine) names.insert(c.spec.name);
    for (const auto& c : mine)
      for (const auto& prior : c.spec.priors) EXPECT_TRUE(names.count(prior)) << c.spec.name << " without " << prior;
  }
  EXPECT_NE(error_of("workloads: [lenet5]\noptimizers: [random]\ntrials: 5\nbudgets: [6.8, 4.8]\n"
                     "transfer: [{from: 6.8, to: 4.8, sources: [mbo]}]\n")
                .find("field 'transfer.sources': 'mbo' is not one of `optimizers`"),
            std::string::npos);
}

// --shard I/N: every study in exactly one shard, a transfer study with its source.
TEST(ExperimentSpec, ShardsPartitionTheGridKeepingTransfersWithTheirSource) {
  const auto spec = parse_experiment_spec(R"(
name: g
workloads: [lenet5, alexnet]
budgets: [6.8, 4.8]
transfer: [{from: 6.8, to: 4.8}]
optimizers: [random, evolution]
seeds: 3
trials: 5
)", "grid.yaml");
  const auto cells = expand_cells(spec);
  std::multiset<std::string> seen;
  for (int i = 1; i <= 4; ++i) {
    const auto mine = shard_cells(cells, parse_shard(std::to_string(i) + "/4"));
    EXPECT_GE(mine.size(), 3u);
    std::set<std::string> names;
    for (const auto& c : mine) names.insert(c.spec.name);
    for (const auto& c : mine) {
      seen.insert(c.spec.name);
      for (const auto& prior : c.spec.priors) EXPECT_TRUE(names.count(prior)) << c.spec.name << " without " << prior;
    }
  }
  EXPECT_EQ(seen.size(), cells.size());
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), cells.size());
  EXPECT_EQ(shard_cells(cells, parse_shard("1/1")).size(), cells.size());
  for (const char* bad : {"0/4", "5/4", "2", "a/b", "1/0", "1/4x"}) EXPECT_THROW(parse_shard(bad), SpecError) << bad;
}

TEST(ExperimentSpec, AnEvaluatorAppliesToEveryStudy) {
  const auto spec = parse_experiment_spec(
      "workloads: [lenet5]\noptimizers: [random]\nseeds: 2\ntrials: 5\nevaluator: {command: 'sim --x', timeout_s: 9}\n",
      "grid.yaml");
  for (const auto& cell : expand_cells(spec)) {
    ASSERT_TRUE(cell.spec.evaluator);
    EXPECT_EQ(cell.spec.evaluator->command, "sim --x");
    EXPECT_EQ(cell.spec.evaluator->timeout_s, 9.0);
  }
  EXPECT_NE(error_of("workloads: [lenet5]\noptimizers: [random]\ntrials: 5\nevaluator: {timeout_s: 9}\n")
                .find("grid.yaml:4:12: field 'evaluator': needs a 'command'"),
            std::string::npos)
      << error_of("workloads: [lenet5]\noptimizers: [random]\ntrials: 5\nevaluator: {timeout_s: 9}\n");
}

}  // namespace
}  // namespace archex::exp
