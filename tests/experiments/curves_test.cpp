#include "experiments/curves.h"

#include <gtest/gtest.h>

namespace archex::exp {
namespace {

TEST(BestSoFar, TracksRunningMinimumAndSkipsInfeasible) {
  const std::vector<CurvePoint> trials = {{false, 0.0}, {true, 5.0}, {true, 7.0}, {false, 1.0}, {true, 3.0}};
  const auto curve = best_so_far(trials, /*maximize=*/false);
  ASSERT_EQ(curve.size(), 5u);
  EXPECT_FALSE(curve[0].has_value());
  EXPECT_DOUBLE_EQ(*curve[1], 5.0);
  EXPECT_DOUBLE_EQ(*curve[2], 5.0);
  EXPECT_DOUBLE_EQ(*curve[3], 5.0);  // infeasible 1.0 must not count
  EXPECT_DOUBLE_EQ(*curve[4], 3.0);
}

TEST(BestSoFar, TracksRunningMaximum) {
  const auto curve = best_so_far({{true, 1.0}, {true, 4.0}, {true, 2.0}}, /*maximize=*/true);
  EXPECT_DOUBLE_EQ(*curve[2], 4.0);
}

TEST(Quantile, InterpolatesLinearly) {
  EXPECT_DOUBLE_EQ(quantile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile({4, 1, 3, 2}, 0.25), 1.75);
  EXPECT_DOUBLE_EQ(quantile({7}, 0.75), 7.0);
  EXPECT_THROW(quantile({}, 0.5), std::invalid_argument);
}

TEST(MeanStd, SampleStandardDeviation) {
  const auto r = mean_std({2, 4, 4, 4, 5, 5, 7, 9});
  EXPECT_DOUBLE_EQ(r.mean, 5.0);
  EXPECT_NEAR(r.std, 2.13809, 1e-5);
}

TEST(AggregateOverSeeds, StartsWhenASeedIsFeasibleCountsTheSeedsAndStopsAtShortest) {
  using C = std::vector<std::optional<double>>;
  const C a = {std::nullopt, 4.0, 3.0, 3.0};
  const C b = {5.0, 5.0, 1.0};
  const auto band = aggregate_over_seeds({a, b});
  ASSERT_EQ(band.size(), 3u);
  EXPECT_EQ(band[0].trial, 1u);
  EXPECT_EQ(band[0].seeds, 1u);  // only b has a feasible design yet
  EXPECT_DOUBLE_EQ(band[0].median, 5.0);
  EXPECT_EQ(band[1].seeds, 2u);
  EXPECT_DOUBLE_EQ(band[1].median, 4.5);
  EXPECT_DOUBLE_EQ(band[2].mean, 2.0);
  EXPECT_DOUBLE_EQ(band[2].q25, 1.5);
  EXPECT_DOUBLE_EQ(band[2].q75, 2.5);
}

// A seed that never finds a feasible design used to empty the whole series
// (and with it the plot, the summary and the report).
TEST(AggregateOverSeeds, ASeedWithoutAFeasibleDesignDoesNotEmptyTheSeries) {
  using C = std::vector<std::optional<double>>;
  const C never = {std::nullopt, std::nullopt, std::nullopt};
  const C found = {std::nullopt, 2.0, 1.0};
  const auto band = aggregate_over_seeds({never, found});
  ASSERT_EQ(band.size(), 2u);
  EXPECT_EQ(band[0].trial, 2u);
  EXPECT_EQ(band[1].seeds, 1u);
  EXPECT_DOUBLE_EQ(band[1].median, 1.0);
  EXPECT_TRUE(aggregate_over_seeds({never}).empty());
}

TEST(TrialsToReach, BothDirections) {
  using C = std::vector<std::optional<double>>;
  const C down = {std::nullopt, 10.0, 5.2, 5.0};
  EXPECT_EQ(trials_to_reach(down, 5.0, 0.95, false), 3u);  // 5.2 * 0.95 = 4.94 <= 5
  EXPECT_EQ(trials_to_reach(down, 1.0, 0.95, false), std::nullopt);
  const C up = {1.0, 9.0, 10.0};
  EXPECT_EQ(trials_to_reach(up, 10.0, 0.9, true), 2u);
}

}  // namespace
}  // namespace archex::exp
