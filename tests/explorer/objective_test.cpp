// Objectives and the area constraint on hand-computed metrics.

#include <cmath>

#include <gtest/gtest.h>

#include "explorer/errors.h"
#include "explorer/objective.h"

namespace archex::explore {
namespace {

cost::Metrics metrics(double latency_ms, double area_mm2, bool feasible = true, std::string reason = "") {
  cost::Metrics m;
  m.latency_ms = latency_ms;
  m.area_mm2 = area_mm2;
  m.feasible = feasible;
  m.reason = std::move(reason);
  return m;
}

TEST(Objective, LatencyIsMinimisedUnderTheBudget) {
  Objective latency(ObjectiveKind::kLatency, 6.8, {"net"}, {1.0}, {4.0});
  const auto fits = metrics(2.5, 6.8);
  Score s = latency.score({&fits});
  EXPECT_TRUE(s.feasible);
  EXPECT_DOUBLE_EQ(s.value, 2.5);
  EXPECT_EQ(latency.direction(), Direction::kMinimize);
  EXPECT_DOUBLE_EQ(latency.to_minimization(2.5), 2.5);
  const auto too_big = metrics(1.0, 6.81);
  s = latency.score({&too_big});
  EXPECT_FALSE(s.feasible);
  EXPECT_EQ(s.reason, "area 6.81 mm2 exceeds the budget of 6.8 mm2");
  // Over the budget, the measured latency is still reported (for surrogates).
  ASSERT_TRUE(s.value_over_budget.has_value());
  EXPECT_DOUBLE_EQ(*s.value_over_budget, 1.0);
  const auto unmappable = metrics(0, 1.0, false, "layer conv3 fits no memory level");
  s = latency.score({&unmappable});
  EXPECT_FALSE(s.feasible);
  EXPECT_EQ(s.reason, "layer conv3 fits no memory level");
  EXPECT_FALSE(s.value_over_budget.has_value());
  EXPECT_FALSE(latency.score({&fits}).value_over_budget.has_value());
}

TEST(Objective, GeomeanSpeedupIsTheWeightedGeometricMeanOverTheBaseline) {
  // Baselines 4 ms and 9 ms; the design runs 2 ms (2x) and 1 ms (9x), weights 1 and 2:
  // exp((ln 2 + 2 ln 9) / 3) = (2 * 81)^(1/3).
  Objective speedup(ObjectiveKind::kGeomeanSpeedup, 4.8, {"a", "b"}, {1.0, 2.0}, {4.0, 9.0});
  const auto a = metrics(2.0, 3.0), b = metrics(1.0, 3.0);
  Score s = speedup.score({&a, &b});
  ASSERT_TRUE(s.feasible);
  EXPECT_NEAR(s.value, std::cbrt(162.0), 1e-12);
  EXPECT_EQ(speedup.direction(), Direction::kMaximize);
  EXPECT_DOUBLE_EQ(speedup.to_minimization(s.value), -s.value);
  const auto broken = metrics(0, 3.0, false, "no mapping");
  s = speedup.score({&a, &broken});
  EXPECT_FALSE(s.feasible);
  EXPECT_EQ(s.reason, "b: no mapping");
  EXPECT_THROW(speedup.score({&a}), ExploreError);
}

TEST(Objective, PerfPerAreaHasNoBudget) {
  Objective ppa(ObjectiveKind::kPerfPerArea, std::nullopt, {"net"}, {1.0}, {4.0});
  const auto huge = metrics(0.5, 40.0);
  Score s = ppa.score({&huge});
  ASSERT_TRUE(s.feasible);
  EXPECT_DOUBLE_EQ(s.value, 1.0 / (0.5 * 40.0));
  EXPECT_EQ(ppa.unit(), "1/(ms*mm2)");
}

TEST(Objective, GeomeanNeedsAPositiveBaseline) {
  EXPECT_THROW(Objective(ObjectiveKind::kGeomeanSpeedup, 4.8, {"a"}, {1.0}, {0.0}), ExploreError);
  EXPECT_THROW(Objective(ObjectiveKind::kLatency, 4.8, {"a", "b"}, {1.0}, {1.0}), ExploreError);
  EXPECT_NO_THROW(Objective(ObjectiveKind::kLatency, 4.8, {"a"}, {1.0}, {0.0}));  // reported only
}

}  // namespace
}  // namespace archex::explore
