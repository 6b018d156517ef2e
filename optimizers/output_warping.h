#pragma once
// Turns observed objective values into regression labels (larger = better),
// following OSS Vizier's default output warping for its GP bandit:
//  * negate (archex minimises, the surrogates maximise). No log warp: on
//    MobileNetV2 latency it made the GP bandit worse (median best of 4 seeds
//    at 200 trials 0.076 ms with it, 0.058 ms without; docs/optimizers.md),
//    as it squeezes the differences between the good designs;
//  * half-rank warp: values worse than the median are replaced by Gaussian
//    quantiles of their rank, scaled by the spread of the better half, so a
//    few terrible designs cannot flatten the landscape where the good ones are;
//  * standardise to mean 0, variance 1;
//  * infeasible observations get a label half the label range below the
//    worst feasible one ("infeasible = bad", but not arbitrarily bad).
// Infeasible observations before index `label_violating_before` that carry a
// measured `violating_value` are warped together with the feasible ones and
// keep a real label (for a surrogate of the objective paired with a separate
// feasibility model); best_label stays the best feasible one.

#include <vector>

#include "optimizers/optimizer.h"

namespace archex::opt {

struct WarpedLabels {
  std::vector<double> labels;        // one per observation, in input order
  int feasible_count = 0;
  std::vector<bool> labelled;        // feasible, or infeasible with a label of its measured value
  double best_label = 0;             // best feasible label (0 when none)
  double infeasible_label = -1;      // label given to infeasible observations
};

WarpedLabels warp_labels(const std::vector<const Observation*>& observations, std::size_t label_violating_before = 0);

}  // namespace archex::opt
