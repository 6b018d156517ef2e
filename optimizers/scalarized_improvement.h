#pragma once
// The hypervolume a candidate would add to the front, by random hypervolume
// scalarisations (Golovin & Zhang, "Random Hypervolume Scalarizations for
// Provable Multi-Objective Black Box Optimization", ICML 2020). For gain
// vectors (larger is better, the reference point at 0) and
//     s_l(y) = min_k ( max(0, y_k) / lambda_k )^K,
// with lambda uniform on the positive part of the unit sphere, the
// hypervolume of a set Y is c_K E_l[ max_{y in Y} s_l(y) ]. So what a new y
// adds is c_K E_l[ max(0, s_l(y) - max_Y s_l) ], estimated here with a fixed
// sample of directions drawn per batch from the study's Rng.
//
// gp-bandit and mbo fit one surrogate per objective and score a candidate by
// this improvement of its optimistic (UCB) vector, as OSS Vizier's
// multi-objective GP bandit does; within a batch, each chosen candidate's
// predicted vector joins the front, so the next picks aim elsewhere on it.

#include <span>
#include <vector>

#include "optimizers/optimizer.h"

namespace archex::opt {

// A surrogate's label (larger is better) as a gain: 0 at `reference` (the
// warped infeasible label, below every observed value), 1 at `best` (the
// best observed label).
struct GainScale {
  double reference = -1.0, best = 0.0;
  GainScale() = default;
  GainScale(double reference_label, double best_label);
  double operator()(double label) const { return (label - reference) / (best - reference); }
};

class ScalarizedImprovement {
 public:
  // `objectives` >= 1; draws `directions` lambdas from `rng`.
  ScalarizedImprovement(int objectives, int directions, Rng& rng);

  int objectives() const { return k_; }
  // Adds a gain vector to the front.
  void add(std::span<const double> gains);
  // Mean over the directions of max(0, s_l(y) - best_l): >= 0, and 0 for a
  // vector the front dominates. (Times c_K it is the hypervolume added.)
  double improvement(std::span<const double> gains) const;
  // Largest s_l(y) - best_l: how far a dominated vector is from the front
  // (<= 0), so a search still has a slope where nothing improves.
  double margin(std::span<const double> gains) const;
  // The front's hypervolume in gain space (c_K times the mean best).
  double hypervolume() const;
  // The acquisition of a candidate with these optimistic gains and
  // probability of feasibility p: p x improvement when it improves; else a
  // score below every improving one that still rises with margin and p.
  double score(std::span<const double> gains, double p_feasible) const;

  // s_l(y) for one direction's inverse lambda.
  static double scalarize(std::span<const double> gains, const double* inverse_lambda, int k);

 private:
  struct AgainstFront {
    double improvement, margin;  // as improvement() and margin()
  };
  AgainstFront against_front(std::span<const double> gains) const;

  int k_ = 1;
  std::vector<double> inverse_lambda_;  // directions x k
  std::vector<double> best_;            // per direction: max over the front
};

}  // namespace archex::opt
