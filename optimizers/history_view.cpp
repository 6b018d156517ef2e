#include "optimizers/history_view.h"

#include <algorithm>

namespace archex::opt {

std::vector<const Observation*> pointers_to(std::span<const Observation> observations) {
  std::vector<const Observation*> out;
  out.reserve(observations.size());
  for (const auto& o : observations) out.push_back(&o);
  return out;
}

std::vector<const Observation*> all_observations(const History& history) {
  std::vector<const Observation*> out = pointers_to(history.priors);
  for (const auto& o : history.trials) out.push_back(&o);
  return out;
}

std::vector<const Observation*> best_feasible(const std::vector<const Observation*>& observations, int limit) {
  std::vector<const Observation*> feasible;
  for (const Observation* o : observations)
    if (o->feasible) feasible.push_back(o);
  std::stable_sort(feasible.begin(), feasible.end(),
                   [](const Observation* a, const Observation* b) { return a->value < b->value; });
  if (static_cast<int>(feasible.size()) > limit) feasible.resize(std::max(0, limit));
  return feasible;
}

std::vector<Point> points_of(const std::vector<const Observation*>& observations) {
  std::vector<Point> out;
  out.reserve(observations.size());
  for (const Observation* o : observations) out.push_back(o->point);
  return out;
}

}  // namespace archex::opt
