#include "optimizers/objective_views.h"

#include <algorithm>

#include "optimizers/pareto.h"

namespace archex::opt {
namespace {

// `o` with objective k as its only objective.
Observation single_objective(const Observation& o, int k) {
  Observation out = o;
  if (o.feasible && k < static_cast<int>(o.values.size())) out.value = o.values[k];
  if (k < static_cast<int>(o.violating_values.size())) out.violating_value = o.violating_values[k];
  out.values.clear();
  out.violating_values.clear();
  return out;
}

}  // namespace

ObjectiveViews::ObjectiveViews(const History& history) {
  const int k = std::max(1, history.objectives);
  priors_.resize(k);
  trials_.resize(k);
  for (int i = 0; i < k; ++i) {
    for (const auto& o : history.priors) priors_[i].push_back(single_objective(o, i));
    for (const auto& o : history.trials) trials_[i].push_back(single_objective(o, i));
  }
  for (int i = 0; i < k; ++i) {
    History h = history;
    h.priors = priors_[i];
    h.trials = trials_[i];
    h.objectives = 1;
    views_.push_back(h);
  }
}

std::vector<const Observation*> pareto_anchors(const std::vector<const Observation*>& observations, int limit) {
  std::vector<const Observation*> feasible;
  std::vector<Objectives> values;
  for (const Observation* o : observations)
    if (o->feasible && !o->values.empty()) {
      feasible.push_back(o);
      values.push_back(o->values);
    }
  std::vector<const Observation*> front;
  for (std::size_t i : pareto_front(values)) front.push_back(feasible[i]);
  std::stable_sort(front.begin(), front.end(),
                   [](const Observation* a, const Observation* b) { return a->value < b->value; });
  if (static_cast<int>(front.size()) > limit) {
    // Spread over the front rather than its first-objective end: every
    // `step`-th point, the extremes included.
    std::vector<const Observation*> spread;
    const double step = static_cast<double>(front.size() - 1) / std::max(1, limit - 1);
    for (int i = 0; i < limit; ++i) spread.push_back(front[static_cast<std::size_t>(i * step + 0.5)]);
    front = std::move(spread);
  }
  return front;
}

}  // namespace archex::opt
