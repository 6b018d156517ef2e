// The random-scalarisation estimate of hypervolume (Golovin & Zhang 2020)
// checked against the exact hypervolume (pareto.h), and the acquisition
// built on it.
#include "optimizers/scalarized_improvement.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "optimizers/pareto.h"
#include "optimizers/random_utils.h"

namespace archex::opt {
namespace {

// Exact hypervolume of gain vectors (larger is better, reference 0): the
// same as the minimised negatives against reference 0.
double exact(const std::vector<std::vector<double>>& gains) {
  std::vector<Objectives> minimised;
  for (const auto& g : gains) {
    Objectives m;
    for (double v : g) m.push_back(-v);
    minimised.push_back(m);
  }
  return hypervolume(minimised, Objectives(gains.empty() ? 0 : gains[0].size(), 0.0));
}

std::vector<std::vector<double>> random_front(int points, int k, Rng& rng) {
  std::vector<std::vector<double>> out;
  for (int i = 0; i < points; ++i) {
    std::vector<double> g;
    for (int j = 0; j < k; ++j) g.push_back(0.2 + uniform01(rng));
    out.push_back(g);
  }
  return out;
}

TEST(ScalarizedImprovement, EstimatesTheExactHypervolumeInTwoAndThreeObjectives) {
  for (int k : {2, 3}) {
    Rng rng(11 + k);
    const auto front = random_front(12, k, rng);
    ScalarizedImprovement estimate(k, 20000, rng);
    for (const auto& g : front) estimate.add(g);
    EXPECT_NEAR(estimate.hypervolume(), exact(front), 0.03 * exact(front)) << k << " objectives";
  }
}

TEST(ScalarizedImprovement, ImprovementIsTheHypervolumeAddedAndZeroWhenDominated) {
  Rng rng(5);
  const std::vector<std::vector<double>> front = {{1.0, 0.3}, {0.6, 0.6}, {0.3, 1.0}};
  ScalarizedImprovement s(2, 20000, rng);
  for (const auto& g : front) s.add(g);
  EXPECT_DOUBLE_EQ(s.improvement(std::vector<double>{0.5, 0.5}), 0.0);
  EXPECT_LT(s.margin(std::vector<double>{0.5, 0.5}), 0.0);
  // c_2 = pi / 4 turns the mean improvement into area.
  const std::vector<double> better = {0.9, 0.8};
  auto with = front;
  with.push_back(better);
  const double added = exact(with) - exact(front);
  EXPECT_NEAR(std::acos(-1.0) / 4.0 * s.improvement(better), added, 0.05 * added);
}

TEST(ScalarizedImprovement, ScoresImprovementAboveEveryDominatedPointAndRisesWithMarginAndFeasibility) {
  Rng rng(3);
  ScalarizedImprovement s(2, 64, rng);
  s.add(std::vector<double>{0.8, 0.8});
  const std::vector<double> improving = {0.9, 0.85}, near = {0.7, 0.7}, far = {0.2, 0.2};
  EXPECT_GT(s.score(improving, 0.05), s.score(near, 1.0));
  EXPECT_GT(s.score(improving, 0.9), s.score(improving, 0.5));
  EXPECT_GT(s.score(near, 1.0), s.score(far, 1.0));
  EXPECT_GT(s.score(near, 1.0), s.score(near, 0.5));
  EXPECT_LE(s.score(near, 1.0), 0.0);
}

TEST(ScalarizedImprovement, ScalarisationFavoursItsDirectionAndIgnoresPointsBeyondTheReference) {
  const double inverse_diagonal[] = {std::sqrt(2.0), std::sqrt(2.0)};
  EXPECT_GT(ScalarizedImprovement::scalarize(std::vector<double>{0.5, 0.5}, inverse_diagonal, 2),
            ScalarizedImprovement::scalarize(std::vector<double>{1.0, 0.1}, inverse_diagonal, 2));
  EXPECT_DOUBLE_EQ(ScalarizedImprovement::scalarize(std::vector<double>{1.0, -0.1}, inverse_diagonal, 2), 0.0);
}

}  // namespace
}  // namespace archex::opt
