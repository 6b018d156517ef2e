// Dominance, non-dominated sorting, crowding and hypervolume on hand-computed
// cases, and the hypervolume against a brute-force grid count in 3-D.

#include <random>

#include <gtest/gtest.h>

#include "optimizers/pareto.h"

namespace archex::opt {
namespace {

TEST(Pareto, DominanceIsStrictInOneObjective) {
  EXPECT_TRUE(dominates({1, 2}, {1, 3}));
  EXPECT_FALSE(dominates({1, 2}, {1, 2}));
  EXPECT_FALSE(dominates({1, 3}, {2, 2}));
}

TEST(Pareto, FrontAndRanks) {
  const std::vector<Objectives> points = {{1, 5}, {2, 2}, {5, 1}, {3, 3}, {4, 4}, {2, 2}};
  EXPECT_EQ(pareto_front(points), (std::vector<std::size_t>{0, 1, 2, 5}));
  EXPECT_EQ(non_dominated_ranks(points), (std::vector<int>{0, 0, 0, 1, 2, 0}));
}

TEST(Pareto, CrowdingGivesBoundariesInfinityAndInteriorTheNormalisedGap) {
  const std::vector<Objectives> points = {{0, 4}, {1, 2}, {4, 0}};
  const auto d = crowding_distances(points, {0, 1, 2});
  EXPECT_TRUE(std::isinf(d[0]));
  EXPECT_TRUE(std::isinf(d[2]));
  EXPECT_DOUBLE_EQ(d[1], 4.0 / 4 + 4.0 / 4);
}

TEST(Pareto, HypervolumeTwoDimensionsHandComputed) {
  const std::vector<Objectives> points = {{1, 3}, {2, 2}, {3, 1}};
  // Union of [1,4]x[3,4], [2,4]x[2,4], [3,4]x[1,4] = 3*1 + 2*1 + 1*1 = 6.
  EXPECT_DOUBLE_EQ(hypervolume(points, {4, 4}), 6.0);
  // A point outside the reference box adds nothing; a dominated one neither.
  EXPECT_DOUBLE_EQ(hypervolume({{1, 3}, {2, 2}, {3, 1}, {5, 0}, {3, 3}}, {4, 4}), 6.0);
  EXPECT_DOUBLE_EQ(hypervolume({}, {4, 4}), 0.0);
}

TEST(Pareto, HypervolumeThreeDimensionsMatchesAGridCount) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> coord(0, 9);
  for (int round = 0; round < 5; ++round) {
    std::vector<Objectives> points;
    for (int i = 0; i < 12; ++i) points.push_back({double(coord(rng)), double(coord(rng)), double(coord(rng))});
    // Integer points: count the unit cells [x,x+1)x[y,y+1)x[z,z+1) dominated by some point.
    int cells = 0;
    for (int x = 0; x < 10; ++x)
      for (int y = 0; y < 10; ++y)
        for (int z = 0; z < 10; ++z) {
          bool covered = false;
          for (const auto& p : points) covered = covered || (p[0] <= x && p[1] <= y && p[2] <= z);
          cells += covered;
        }
    EXPECT_DOUBLE_EQ(hypervolume(points, {10, 10, 10}), cells) << "round " << round;
  }
}

}  // namespace
}  // namespace archex::opt
