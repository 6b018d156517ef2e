#pragma once
// Synthetic discrete problems with known optima and a small study driver, so
// the optimizers can be tested without the accelerator model.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "optimizers/optimizer.h"

namespace archex::opt::testing {

struct SyntheticProblem {
  std::string name;
  SearchSpace space;
  std::function<double(const Point&)> objective;  // minimised
  std::function<bool(const Point&)> feasible;
  std::function<bool(const Point&)> within_budget;  // the "area" part of feasible
  double optimum = 0;  // best feasible value
  // Several objectives (all minimised) when set; `objective` is then the first.
  std::function<std::vector<double>(const Point&)> objectives;
  int objective_count = 1;
};

// 9 parameters with 6..10 values (one categorical). Objective: weighted
// squared distance of the normalised indices to a target point plus a
// categorical cost table; its optimum (value 0) is the target. Infeasible:
// a linear "area" of the ordinal parameters above `area_budget` (the target's
// area is 1.0, so budgets >= 1 keep the optimum feasible; at 1.0 the optimum
// sits on the boundary), or three parameters jointly too small (~28% of the
// space, independent of the budget).
SyntheticProblem separable_problem(double area_budget = 1.0);

// Same space and constraint; the objective couples neighbouring parameters
// (a positive-definite quadratic form in the distances to the target) and
// adds a cosine ripple that creates local minima. Optimum 0 at the target.
SyntheticProblem coupled_problem(double area_budget = 1.0);

// Two conflicting objectives on the same space: the separable objective and
// the "area" itself (smaller parameters cost less area but lie away from the
// target), under the budget `area_budget` and the mapping constraint.
SyntheticProblem area_tradeoff_problem(double area_budget = 1.5);

// Evaluates the problem at p and returns the observation (proposer kept).
// With `measure_violating`, a point that fails only the area budget carries
// its objective as violating_value (as the explorer passes priors).
Observation observe(const SyntheticProblem& problem, const Suggestion& s, bool measure_violating = false);

struct StudyResult {
  std::vector<Suggestion> suggestions;  // in trial order
  std::vector<Observation> trials;
  double best = 0;  // best feasible value (infinity when none)
  std::vector<std::string> notices;  // the optimizer's take_notices()
  std::vector<SavedState> states;    // every state it handed out, in order
};

// What happens to an incremental optimizer's state between batches.
enum class StateHandling {
  kSaved,    // a new optimizer per batch, given the last saved state (as the engine does)
  kDropped,  // a new optimizer per batch, never given a state (it replays its fits)
  kKept,     // one optimizer for the whole study
};

// Runs `trials` trials in batches of `batch`, creating the optimizer afresh
// for every batch (as a resumed study would; see StateHandling) with an Rng
// seeded from (seed, number of the batch's first trial), like the study engine.
StudyResult run_study(const std::string& optimizer, const Settings& settings, const SyntheticProblem& problem,
                      int trials, int batch, std::uint64_t seed, const std::vector<Observation>& priors = {},
                      StateHandling state = StateHandling::kSaved);

// Best feasible value of each study in `results`.
double median_best(const std::vector<StudyResult>& results);
double median(std::vector<double> values);
// Hypervolume of a study's feasible objective vectors against `reference`.
double study_hypervolume(const StudyResult& result, const std::vector<double>& reference);

// Runs the same study over seeds 1..seeds and returns the results.
std::vector<StudyResult> run_seeds(const std::string& optimizer, const Settings& settings,
                                   const SyntheticProblem& problem, int trials, int batch, int seeds,
                                   const std::vector<Observation>& priors = {});

}  // namespace archex::opt::testing
