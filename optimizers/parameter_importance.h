#pragma once
// Which parameters explain the objective: PED-ANOVA (Watanabe, Bansal and
// Hutter, "PED-ANOVA: Efficiently Quantifying Hyperparameter Importance in
// Arbitrary Subspaces", IJCAI 2023), as Optuna's PedAnovaImportanceEvaluator
// offers. A parameter matters to the extent that its values among the top
// trials (the best `top_fraction` by the objective) are distributed unlike
// its values among all trials: the Pearson divergence
//   sum_v q(v) * (p(v) / q(v) - 1)^2,   p: top trials, q: all trials,
// computed exactly for discrete parameters (value counts; no kernel density
// needed). It works on the trials an optimizer produced (no random sample
// required), unlike a plain variance decomposition.

#include <vector>

#include "optimizers/search_space.h"

namespace archex::opt {

// One divergence per parameter of `space`, normalised to sum to 1 (all zero
// when no parameter differs, or with fewer than 2 top trials). `values` are
// minimised (negate a maximised objective); points and values pair up.
std::vector<double> ped_anova_importance(const SearchSpace& space, const std::vector<Point>& points,
                                         const std::vector<double>& values, double top_fraction = 0.1);

}  // namespace archex::opt
