// Several objectives on a synthetic trade-off (objective vs area): the
// model-based optimizers, one surrogate per objective, find a front with a
// larger hypervolume than uniform search on the same seeds, and the batch
// they propose spreads along the front rather than piling onto one end.
#include <algorithm>
#include <limits>

#include <gtest/gtest.h>

#include "optimizers/pareto.h"
#include "optimizers/random_utils.h"
#include "tests/optimizers/synthetic_problems.h"

namespace archex::opt {
namespace {

using testing::area_tradeoff_problem;
using testing::run_study;
using testing::study_hypervolume;

// The worst feasible value of each objective over a uniform sample: a
// reference point every reasonable front dominates.
std::vector<double> reference_point(const testing::SyntheticProblem& problem) {
  Rng rng(99);
  std::vector<double> worst(problem.objective_count, -std::numeric_limits<double>::infinity());
  for (int i = 0; i < 3000; ++i) {
    const Point p = random_point(problem.space, rng);
    if (!problem.feasible(p)) continue;
    const auto v = problem.objectives(p);
    for (std::size_t k = 0; k < v.size(); ++k) worst[k] = std::max(worst[k], v[k]);
  }
  return worst;
}

double median_hypervolume(const std::string& optimizer, const testing::SyntheticProblem& problem,
                          const std::vector<double>& reference, int trials, int seeds) {
  std::vector<double> hv;
  for (int seed = 1; seed <= seeds; ++seed)
    hv.push_back(study_hypervolume(run_study(optimizer, {}, problem, trials, 5, seed), reference));
  return testing::median(hv);
}

class ParetoSearch : public ::testing::TestWithParam<const char*> {};

TEST_P(ParetoSearch, BeatsUniformSearchInHypervolume) {
  const auto problem = area_tradeoff_problem();
  const auto reference = reference_point(problem);
  const double random = median_hypervolume("random", problem, reference, 60, 3);
  const double model = median_hypervolume(GetParam(), problem, reference, 60, 3);
  EXPECT_GT(model, 1.05 * random) << GetParam() << " " << model << " vs random " << random;
}

INSTANTIATE_TEST_SUITE_P(ModelBased, ParetoSearch, ::testing::Values("gp-bandit", "mbo"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::erase(name, '-');
                           return name;
                         });

TEST(ParetoBatch, GpBanditBatchesCoverMoreThanOneEndOfTheFront) {
  // After a warm-up, a batch of 10 should contain several mutually
  // non-dominated predictions' worth of points: at least two distinct
  // area levels among the feasible proposals.
  const auto problem = area_tradeoff_problem();
  const auto result = run_study("gp-bandit", {}, problem, 50, 10, 4);
  std::vector<Objectives> last;
  for (std::size_t i = 40; i < result.trials.size(); ++i)
    if (result.trials[i].feasible) last.push_back(result.trials[i].values);
  ASSERT_GE(last.size(), 3u);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& v : last) {
    lo = std::min(lo, v[1]);
    hi = std::max(hi, v[1]);
  }
  EXPECT_GT(hi - lo, 0.1 * hi) << "the last batch sits at one area";
}

}  // namespace
}  // namespace archex::opt
