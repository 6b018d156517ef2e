#include "optimizers/mutation.h"

#include <algorithm>

#include "optimizers/random_utils.h"

namespace archex::opt {

namespace {

int mutate_value(const Parameter& parameter, int value, Rng& rng) {
  const int n = static_cast<int>(parameter.values.size());
  if (!parameter.ordinal) {
    const int other = uniform_index(rng, n - 1);  // any value but the current one
    return other >= value ? other + 1 : other;
  }
  int step = 1;
  while (step < n - 1 && uniform01(rng) < 0.5) ++step;
  const bool up = uniform01(rng) < 0.5;
  int next = value + (up ? step : -step);
  if (next < 0 || next >= n) next = value + (up ? -step : step);  // bounce off the edge
  return std::clamp(next, 0, n - 1);
}

}  // namespace

Point mutate(const SearchSpace& space, const Point& parent, double rate, Rng& rng) {
  std::vector<int> mutable_dims;
  for (std::size_t d = 0; d < space.dimensions(); ++d)
    if (space.cardinality(d) > 1) mutable_dims.push_back(static_cast<int>(d));
  Point child = parent;
  if (mutable_dims.empty()) return child;
  bool changed = false;
  for (int d : mutable_dims) {
    if (uniform01(rng) < rate) {
      child[d] = mutate_value(space.parameters()[d], child[d], rng);
      changed = changed || child[d] != parent[d];
    }
  }
  if (!changed) {
    const int d = mutable_dims[uniform_index(rng, static_cast<int>(mutable_dims.size()))];
    child[d] = mutate_value(space.parameters()[d], child[d], rng);
  }
  return child;
}

Point crossover(const Point& a, const Point& b, Rng& rng) {
  Point child = a;
  for (std::size_t d = 0; d < child.size(); ++d)
    if (uniform01(rng) < 0.5) child[d] = b[d];
  return child;
}

}  // namespace archex::opt
