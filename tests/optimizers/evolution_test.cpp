#include <gtest/gtest.h>

#include "optimizers/registry.h"
#include "tests/optimizers/synthetic_problems.h"

namespace archex::opt {
namespace {

int hamming(const Point& a, const Point& b) {
  int n = 0;
  for (std::size_t i = 0; i < a.size(); ++i) n += a[i] != b[i];
  return n;
}

TEST(Evolution, BeatsRandomOnSeparableAndCoupledProblems) {
  for (const auto& problem : {testing::separable_problem(), testing::coupled_problem()}) {
    const double evo = testing::median_best(testing::run_seeds("evolution", {}, problem, 300, 5, 5));
    const double rnd = testing::median_best(testing::run_seeds("random", {}, problem, 300, 5, 5));
    EXPECT_LT(evo, rnd) << problem.name;
    RecordProperty(problem.name + "_evolution", std::to_string(evo));
    RecordProperty(problem.name + "_random", std::to_string(rnd));
  }
}

TEST(Evolution, SameSeedSameSequence) {
  const auto problem = testing::coupled_problem();
  const Settings settings = {{"population", "20"}, {"tournament", "5"}};
  const auto a = testing::run_study("evolution", settings, problem, 60, 3, 4);
  const auto b = testing::run_study("evolution", settings, problem, 60, 3, 4);
  for (std::size_t i = 0; i < a.suggestions.size(); ++i) EXPECT_EQ(a.suggestions[i].point, b.suggestions[i].point);
}

TEST(Evolution, SamplesUniformlyUntilThePopulationIsFull) {
  const auto problem = testing::separable_problem();
  const auto evo = testing::run_study("evolution", {{"population", "30"}}, problem, 30, 10, 9);
  const auto rnd = testing::run_study("random", {}, problem, 30, 10, 9);
  for (std::size_t i = 0; i < 30; ++i) EXPECT_EQ(evo.suggestions[i].point, rnd.suggestions[i].point);
}

TEST(Evolution, InfeasibleMembersHaveTheWorstFitness) {
  const auto problem = testing::separable_problem();
  // Nine infeasible members carry a (meaningless) very low value; the one
  // feasible member must still win most tournaments.
  std::vector<Observation> trials;
  for (int i = 0; i < 9; ++i) trials.push_back({{i % 6, 0, 0, 0, 0, 0, 0, 0, 0}, false, -100.0, ""});
  const Point good = {3, 3, 3, 3, 3, 3, 3, 3, 3};
  trials.push_back({good, true, 5.0, ""});
  auto opt = make_optimizer("evolution", problem.space,
                            {{"population", "10"}, {"tournament", "10"}, {"mutation_rate", "0"},
                             {"crossover_rate", "0"}});
  Rng rng(1);
  const auto children = opt->suggest({{}, trials, {}}, 30, rng);
  int from_good = 0;
  for (const auto& c : children) from_good += hamming(c.point, good) == 1;
  // Expected 1 - 0.9^10 = 65%; fitness-blind selection would give 10%, and
  // ranking by the meaningless values ~0%.
  EXPECT_GT(from_good, 13);
}

TEST(Evolution, MutationRateZeroChangesExactlyOneParameter) {
  const auto problem = testing::separable_problem();
  std::vector<Observation> trials;
  for (int i = 0; i < 4; ++i) trials.push_back({{i, i, i, i, i, i, i, i, i}, true, double(i), ""});
  auto opt = make_optimizer("evolution", problem.space,
                            {{"population", "4"}, {"tournament", "1"}, {"mutation_rate", "0"},
                             {"crossover_rate", "0"}});
  Rng rng(2);
  for (const auto& c : opt->suggest({{}, trials, {}}, 20, rng)) {
    int closest = 9;
    for (const auto& t : trials) closest = std::min(closest, hamming(c.point, t.point));
    EXPECT_EQ(closest, 1);
  }
}

TEST(Evolution, SeedsThePopulationWithTheBestFeasiblePriors) {
  const auto problem = testing::separable_problem();
  // Priors: the 30 best of 400 random points, plus infeasible ones that must be ignored.
  const auto prior_study = testing::run_study("random", {}, problem, 400, 50, 77);
  std::vector<Observation> priors = prior_study.trials;
  auto opt = make_optimizer("evolution", problem.space,
                            {{"prior_seeds", "30"}, {"tournament", "10"}, {"mutation_rate", "0"}, {"crossover_rate", "0"}});
  Rng rng(3);
  const auto children = opt->suggest({priors, {}, {}}, 10, rng);
  std::vector<Observation> feasible;
  for (const auto& p : priors)
    if (p.feasible) feasible.push_back(p);
  std::sort(feasible.begin(), feasible.end(), [](auto& a, auto& b) { return a.value < b.value; });
  feasible.resize(30);
  for (const auto& c : children) {
    int closest = 9;
    for (const auto& f : feasible) closest = std::min(closest, hamming(c.point, f.point));
    EXPECT_EQ(closest, 1) << "children are one mutation away from a seeded prior";
  }
}

TEST(Evolution, WarmStartFromPriorsHelpsUnderAShiftedConstraint) {
  // Priors come from a study under a looser area budget, re-scored under the
  // tighter one (as the explorer does); the target itself is infeasible now.
  const auto loose = testing::coupled_problem(1.3);
  const auto tight = testing::coupled_problem(0.8);
  auto prior_study = testing::run_study("evolution", {}, loose, 300, 10, 101);
  std::vector<Observation> priors;
  for (const auto& t : prior_study.trials) priors.push_back(testing::observe(tight, {t.point, t.proposer}));
  const double warm = testing::median_best(testing::run_seeds("evolution", {}, tight, 60, 5, 5, priors));
  const double cold = testing::median_best(testing::run_seeds("evolution", {}, tight, 60, 5, 5));
  EXPECT_LT(warm, cold);
}

}  // namespace
}  // namespace archex::opt
