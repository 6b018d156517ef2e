#include <gtest/gtest.h>

#include "optimizers/point_set.h"
#include "optimizers/registry.h"
#include "tests/optimizers/synthetic_problems.h"

namespace archex::opt {
namespace {

SearchSpace small_space() {
  return SearchSpace({{"a", {1, 2, 3, 4}, true}, {"b", {0, 1, 2}, false}});  // 12 points
}

TEST(RandomSearch, CoversASmallSpaceWithoutRepeats) {
  const SearchSpace space = small_space();
  auto opt = make_optimizer("random", space);
  Rng rng(7);
  const auto s = opt->suggest({}, 12, rng);
  PointSet seen;
  for (const auto& x : s) {
    EXPECT_TRUE(space.contains(x.point));
    EXPECT_EQ(x.proposer, "random");
    seen.insert(x.point);
  }
  EXPECT_EQ(seen.size(), 12u);
}

TEST(RandomSearch, AvoidsObservedAndPendingPointsUntilTheSpaceIsExhausted) {
  const SearchSpace space = small_space();
  std::vector<Observation> trials;
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 3; ++b)
      if (!(a == 2 && b == 1) && !(a == 3 && b == 0)) trials.push_back({{a, b}, true, double(a + b), "", {}, {}, {}});
  const std::vector<Point> pending = {{3, 0}};
  auto opt = make_optimizer("random", space);
  Rng rng(3);
  const auto s = opt->suggest({{}, trials, pending, nullptr}, 1, rng);
  EXPECT_EQ(s[0].point, (Point{2, 1}));  // the only untaken point
  // With every point taken, duplicates are unavoidable but still valid points.
  const auto more = opt->suggest({{}, trials, pending, nullptr}, 3, rng);
  EXPECT_EQ(more[0].point, (Point{2, 1}));
  EXPECT_TRUE(space.contains(more[1].point));
  EXPECT_TRUE(space.contains(more[2].point));

  // The same with the caller's index of observed points (as the explorer passes it).
  PointSet observed;
  for (const auto& t : trials) observed.insert(t.point);
  Rng again(3);
  EXPECT_EQ(opt->suggest({{}, trials, pending, &observed}, 1, again)[0].point, (Point{2, 1}));
  const auto exhausted = opt->suggest({{}, trials, pending, &observed}, 3, again);
  EXPECT_EQ(exhausted[0].point, (Point{2, 1}));
  EXPECT_TRUE(space.contains(exhausted[2].point));
}

TEST(RandomSearch, SameSeedSameSequence) {
  const auto problem = testing::separable_problem();
  const auto a = testing::run_study("random", {}, problem, 40, 4, 11);
  const auto b = testing::run_study("random", {}, problem, 40, 4, 11);
  const auto c = testing::run_study("random", {}, problem, 40, 4, 12);
  ASSERT_EQ(a.suggestions.size(), 40u);
  for (std::size_t i = 0; i < a.suggestions.size(); ++i) EXPECT_EQ(a.suggestions[i].point, b.suggestions[i].point);
  int differing = 0;
  for (std::size_t i = 0; i < a.suggestions.size(); ++i) differing += a.suggestions[i].point != c.suggestions[i].point;
  EXPECT_GT(differing, 30);
}

TEST(RandomSearch, DrawsEveryValueOfEveryParameter) {
  const auto problem = testing::separable_problem();
  auto opt = make_optimizer("random", problem.space);
  Rng rng(5);
  const auto s = opt->suggest({}, 600, rng);
  for (std::size_t d = 0; d < problem.space.dimensions(); ++d) {
    std::vector<int> counts(problem.space.cardinality(d), 0);
    for (const auto& x : s) ++counts[x.point[d]];
    const double expected = 600.0 / counts.size();
    for (int c : counts) {
      EXPECT_GT(c, expected * 0.6) << "parameter " << d;
      EXPECT_LT(c, expected * 1.4) << "parameter " << d;
    }
  }
}

TEST(RandomSearch, RejectsAnySetting) {
  const auto problem = testing::separable_problem();
  try {
    make_optimizer("random", problem.space, {{"population", "3"}});
    FAIL() << "expected an OptimizerError";
  } catch (const OptimizerError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown setting 'population'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace archex::opt
