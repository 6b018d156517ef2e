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
  for (int i = 0; i < 9; ++i) trials.push_back({{i % 6, 0, 0, 0, 0, 0, 0, 0, 0}, false, -100.0, "", {}, {}, {}});
  const Point good = {3, 3, 3, 3, 3, 3, 3, 3, 3};
  trials.push_back({good, true, 5.0, "", {}, {}, {}});
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

TEST(Evolution, DefaultTournamentIsAQuarterOfThePopulation) {
  const auto space = testing::separable_problem().space;
  EXPECT_NO_THROW(make_optimizer("evolution", space, {{"population", "20"}}));  // tournament 5, not 25
  EXPECT_THROW(make_optimizer("evolution", space, {{"population", "20"}, {"tournament", "25"}}), OptimizerError);
}

TEST(Evolution, MutationRateZeroChangesExactlyOneParameter) {
  const auto problem = testing::separable_problem();
  std::vector<Observation> trials;
  for (int i = 0; i < 4; ++i) trials.push_back({{i, i, i, i, i, i, i, i, i}, true, double(i), "", {}, {}, {}});
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

}  // namespace
}  // namespace archex::opt
