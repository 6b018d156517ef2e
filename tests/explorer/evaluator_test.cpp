// Evaluating points: results with raw metrics, infeasible and failed trials,
// the evaluation cache.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "explorer/evaluation_cache.h"
#include "explorer/evaluator.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

using testing::FakeCostModel;

const FakeCostModel& model_of(const StudyEnvironment& env) {
  return static_cast<const FakeCostModel&>(*env.cost_model);
}

TEST(Evaluator, CompleteTrialsCarryTheValueAndEveryWorkloadsMetrics) {
  auto env = testing::make_fake_environment(ObjectiveKind::kGeomeanSpeedup, 3.0, {{"a", 1.0}, {"b", 2.0}});
  Evaluator evaluator(*env, std::make_shared<EvaluationCache>());
  // pe=4 lanes=16 mem=64 bw=20: latency = work * (100/64 + 1) = 2.5625 * work; area = 0.8 + 0.512 + 0.4.
  // Baseline pe=2 lanes=8 bw=10: 100/16 + 2 = 8.25 * work. Speed-up 8.25 / 2.5625 on both.
  const TrialResult result = evaluator.evaluate({2, 2, 2, 2});
  ASSERT_EQ(result.state, TrialState::kComplete) << result.reason;
  EXPECT_NEAR(*result.value, 8.25 / 2.5625, 1e-12);
  EXPECT_FALSE(result.cached);
  const auto json = nlohmann::json::parse(result.metrics_json);
  EXPECT_DOUBLE_EQ(json.at("a").at("latency_ms").get<double>(), 2.5625);
  EXPECT_DOUBLE_EQ(json.at("b").at("latency_ms").get<double>(), 2.5625 * 2);
  EXPECT_NEAR(json.at("a").at("area_mm2").get<double>(), 1.712, 1e-12);
}

TEST(Evaluator, OverBudgetAndUnmappableDesignsAreInfeasibleWithTheirMetrics) {
  auto env = testing::make_fake_environment(ObjectiveKind::kLatency, 1.0, {{"big", 3.0}});
  Evaluator evaluator(*env, nullptr);
  // mem 64 KiB < 32 * 3: unmappable.
  TrialResult result = evaluator.evaluate({0, 0, 2, 0});
  EXPECT_EQ(result.state, TrialState::kInfeasible);
  EXPECT_EQ(result.reason, "working set does not fit the local memory");
  EXPECT_FALSE(result.value.has_value());
  EXPECT_FALSE(nlohmann::json::parse(result.metrics_json).at("big").at("feasible").get<bool>());
  // pe=16 lanes=64 mem=128 bw=40: mappable, far over 1 mm2; latency kept in the metrics.
  result = evaluator.evaluate({4, 4, 3, 3});
  EXPECT_EQ(result.state, TrialState::kInfeasible);
  EXPECT_NE(result.reason.find("exceeds the budget of 1 mm2"), std::string::npos) << result.reason;
  EXPECT_DOUBLE_EQ(nlohmann::json::parse(result.metrics_json).at("big").at("latency_ms").get<double>(),
                   3.0 * (100.0 / 1024 + 0.5));
}

TEST(Evaluator, ACostModelExceptionIsAFailedTrial) {
  auto env = testing::make_fake_environment(ObjectiveKind::kPerfPerArea, std::nullopt);
  Evaluator evaluator(*env, std::make_shared<EvaluationCache>());
  const TrialResult result = evaluator.evaluate({4, 4, 4, 3});
  EXPECT_EQ(result.state, TrialState::kFailed);
  EXPECT_EQ(result.reason, "fake model: no such chip");
  EXPECT_TRUE(result.metrics_json.empty());
}

TEST(Evaluator, ARepeatedConfigIsServedFromTheCacheAndMarked) {
  auto env = testing::make_fake_environment(ObjectiveKind::kGeomeanSpeedup, 5.0, {{"a"}, {"b"}});
  auto cache = std::make_shared<EvaluationCache>();
  Evaluator evaluator(*env, cache);
  const TrialResult first = evaluator.evaluate({1, 2, 3, 1});
  EXPECT_EQ(model_of(*env).evaluations(), 2 + 2);  // two baselines, then two workloads
  const TrialResult second = evaluator.evaluate({1, 2, 3, 1});
  EXPECT_EQ(model_of(*env).evaluations(), 4);  // nothing evaluated
  EXPECT_FALSE(first.cached);
  EXPECT_TRUE(second.cached);
  EXPECT_EQ(second.metrics_json, first.metrics_json);
  EXPECT_EQ(second.value, first.value);
  EXPECT_EQ(cache->size(), 2u);
  // Another study in the same process with the same model version shares the entries.
  Evaluator other(*env, cache);
  EXPECT_TRUE(other.evaluate({1, 2, 3, 1}).cached);
}

TEST(Evaluator, TheCacheKeyIncludesModelVersionAndWorkload) {
  const arch::Config config{{2, 8, 64, 10}};
  EXPECT_NE(EvaluationCache::key("m/1", "a#1", config), EvaluationCache::key("m/2", "a#1", config));
  EXPECT_NE(EvaluationCache::key("m/1", "a#1", config), EvaluationCache::key("m/1", "a#2", config));
  EXPECT_NE(EvaluationCache::key("m/1", "a#1", config), EvaluationCache::key("m/1", "a#1", arch::Config{{2, 8, 64, 20}}));
}

TEST(Evaluator, RememberedResultsAreCacheHitsWithIdenticalMetrics) {
  auto env = testing::make_fake_environment(ObjectiveKind::kLatency, 6.8);
  const TrialResult fresh = Evaluator(*env, nullptr).evaluate({3, 1, 4, 2});
  Evaluator evaluator(*env, std::make_shared<EvaluationCache>());
  evaluator.remember({3, 1, 4, 2}, fresh.metrics_json);
  const TrialResult again = evaluator.evaluate({3, 1, 4, 2});
  EXPECT_TRUE(again.cached);
  EXPECT_EQ(again.metrics_json, fresh.metrics_json);
  EXPECT_EQ(again.value, fresh.value);
  evaluator.remember({0, 0, 0, 0}, "not json");  // ignored, no throw
}

TEST(EvaluationCache, DropsTheOldestEntriesBeyondItsCapacity) {
  EvaluationCache cache(32);  // two per shard
  for (int i = 0; i < 1000; ++i)
    cache.insert("key" + std::to_string(i), std::make_shared<CachedEvaluation>());
  EXPECT_LE(cache.size(), 32u);
  EXPECT_NE(cache.find("key999"), nullptr);
  EXPECT_EQ(cache.find("key0"), nullptr);
}

}  // namespace
}  // namespace archex::explore
