#pragma once
// A history of several objectives seen one objective at a time, for the
// model-based optimizers that fit one surrogate per objective (OSS Vizier's
// multi-objective GP bandit does the same). View k is the same history with
// every observation's `value` (and `violating_value`) set to objective k and
// `objectives` = 1, so each single-objective surrogate and its label warping
// work unchanged.

#include <vector>

#include "optimizers/optimizer.h"

namespace archex::opt {

class ObjectiveViews {
 public:
  // `history.objectives` > 1. The views refer to this object: keep it alive.
  explicit ObjectiveViews(const History& history);

  int count() const { return static_cast<int>(priors_.size()); }
  const History& view(int objective) const { return views_[objective]; }

 private:
  std::vector<std::vector<Observation>> priors_, trials_;  // per objective
  std::vector<History> views_;
};

// The Pareto-optimal feasible observations (on all objectives), best first
// by the first objective, at most `limit`: where an acquisition search
// starts from with several objectives.
std::vector<const Observation*> pareto_anchors(const std::vector<const Observation*>& observations, int limit);

}  // namespace archex::opt
