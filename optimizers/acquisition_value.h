#pragma once
// How the model-based optimizers fold the probability of feasibility into an
// optimistic estimate (UCB) of the warped label.

#include <algorithm>

namespace archex::opt {

// Expected warped label when the candidate is feasible with probability p
// and scores `optimistic` then, and lands at `infeasible_label` otherwise.
// The optimistic value is floored at the infeasible label: a surrogate that
// extrapolates below it must not make infeasibility look attractive.
inline double feasibility_weighted(double optimistic, double p, double infeasible_label) {
  return infeasible_label + p * std::max(0.0, optimistic - infeasible_label);
}

}  // namespace archex::opt
