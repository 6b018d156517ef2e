#pragma once
// Acquisition functions of the model-based optimizers, on warped labels
// (larger = better), with the probability of feasibility folded in.

#include <algorithm>

#include "optimizers/normal_distribution.h"

namespace archex::opt {

// Expected warped label when the candidate is feasible with probability p
// and scores `optimistic` then, and lands at `infeasible_label` otherwise.
// The optimistic value is floored at the infeasible label: a surrogate that
// extrapolates below it must not make infeasibility look attractive.
inline double feasibility_weighted(double optimistic, double p, double infeasible_label) {
  return infeasible_label + p * std::max(0.0, optimistic - infeasible_label);
}

class Acquisition {
 public:
  enum class Kind { kUcb, kExpectedImprovement };
  // best: best feasible label so far; floor: the infeasible label.
  Acquisition(Kind kind, double ucb_coefficient, double best, double floor)
      : kind_(kind), beta_(ucb_coefficient), best_(best), floor_(floor) {}

  double operator()(double mean, double sd, double p_feasible) const {
    if (kind_ == Kind::kUcb) return feasibility_weighted(mean + beta_ * sd, p_feasible, floor_);
    // Constrained EI (Gardner et al., ICML 2014): EI times P(feasible).
    sd = std::max(sd, 1e-12);
    const double z = (mean - best_) / sd;
    return p_feasible * ((mean - best_) * normal_cdf(z) + sd * normal_pdf(z));
  }

 private:
  Kind kind_;
  double beta_, best_, floor_;
};

}  // namespace archex::opt
