#include "optimizers/parameter_importance.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace archex::opt {

std::vector<double> ped_anova_importance(const SearchSpace& space, const std::vector<Point>& points,
                                         const std::vector<double>& values, double top_fraction) {
  if (points.size() != values.size()) throw std::invalid_argument("ped_anova_importance: points and values differ");
  const std::size_t dims = space.dimensions();
  std::vector<double> importance(dims, 0.0);
  const auto top_count = static_cast<std::size_t>(std::ceil(top_fraction * static_cast<double>(points.size())));
  if (top_count < 2 || top_count >= points.size()) return importance;
  std::vector<std::size_t> order(points.size());
  std::iota(order.begin(), order.end(), 0);
  // Ties broken by trial order, so the result does not depend on the sort.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  for (std::size_t d = 0; d < dims; ++d) {
    const int k = space.cardinality(d);
    std::vector<double> all(k, 0.0), top(k, 0.0);
    for (std::size_t r = 0; r < order.size(); ++r) {
      const int v = points[order[r]].at(d);
      if (v < 0 || v >= k) throw std::invalid_argument("ped_anova_importance: point outside the space");
      all[v] += 1.0;
      if (r < top_count) top[v] += 1.0;
    }
    double divergence = 0.0;
    for (int v = 0; v < k; ++v) {
      if (all[v] == 0.0) continue;  // q(v) = 0 implies p(v) = 0: no term
      const double q = all[v] / static_cast<double>(order.size()), p = top[v] / static_cast<double>(top_count);
      divergence += q * (p / q - 1.0) * (p / q - 1.0);
    }
    importance[d] = divergence;
  }
  const double total = std::accumulate(importance.begin(), importance.end(), 0.0);
  if (total > 0.0)
    for (double& x : importance) x /= total;
  return importance;
}

}  // namespace archex::opt
