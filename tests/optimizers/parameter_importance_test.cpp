// PED-ANOVA importance on objectives whose answer is known by construction.

#include <gtest/gtest.h>

#include <numeric>
#include <random>

#include "optimizers/parameter_importance.h"

namespace archex::opt {
namespace {

SearchSpace space3() {
  return SearchSpace({{"a", {0, 1, 2, 3, 4, 5, 6, 7}}, {"b", {0, 1, 2, 3, 4, 5, 6, 7}}, {"c", {0, 1, 2, 3}}});
}

TEST(PedAnova, AParameterTheObjectiveIgnoresGetsNearlyNothing) {
  std::mt19937_64 rng(7);
  std::vector<Point> points;
  std::vector<double> values;
  for (int i = 0; i < 2000; ++i) {
    Point p{static_cast<int>(rng() % 8), static_cast<int>(rng() % 8), static_cast<int>(rng() % 4)};
    values.push_back(10.0 * p[0] + 1.0 * p[1]);  // a dominates, b breaks ties, c is noise
    points.push_back(p);
  }
  const auto imp = ped_anova_importance(space3(), points, values, 0.1);
  ASSERT_EQ(imp.size(), 3u);
  EXPECT_NEAR(std::accumulate(imp.begin(), imp.end(), 0.0), 1.0, 1e-12);
  EXPECT_GT(imp[0], imp[1]);
  EXPECT_GT(imp[1], imp[2]);
  EXPECT_LT(imp[2], 0.02);
}

TEST(PedAnova, HandComputedTwoParameterCase) {
  // 4 trials, top 50 % = the two best. a: top {1, 1}, all {0, 0, 1, 1} ->
  // q = (.5, .5), p = (0, 1): .5*(0-1)^2 + .5*(2-1)^2 = 1. b: top {0, 1}, all
  // {0, 1, 0, 1} -> p = q: 0. Shares: a 1, b 0.
  const SearchSpace space({{"a", {0, 1}}, {"b", {0, 1}}});
  const auto imp = ped_anova_importance(space, {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, {4, 3, 1, 2}, 0.5);
  EXPECT_DOUBLE_EQ(imp[0], 1.0);
  EXPECT_DOUBLE_EQ(imp[1], 0.0);
}

TEST(PedAnova, TooFewTrialsOrAConstantObjectiveGiveZeros) {
  const SearchSpace space({{"a", {0, 1}}});
  EXPECT_EQ(ped_anova_importance(space, {{0}, {1}}, {1, 2}, 0.1), std::vector<double>{0.0});
  EXPECT_THROW(ped_anova_importance(space, {{0}}, {1, 2}, 0.1), std::invalid_argument);
  EXPECT_THROW(ped_anova_importance(space, {{2}, {0}, {1}}, {1, 2, 3}, 0.5), std::invalid_argument);
}

}  // namespace
}  // namespace archex::opt
