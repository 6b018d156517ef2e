#include "optimizers/output_warping.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "optimizers/normal_distribution.h"

namespace archex::opt {

WarpedLabels warp_labels(const std::vector<const Observation*>& observations, std::size_t label_violating_before) {
  WarpedLabels out;
  out.labels.assign(observations.size(), 0.0);
  out.labelled.assign(observations.size(), false);
  auto value_of = [&](int i) {
    return observations[i]->feasible ? observations[i]->value : *observations[i]->violating_value;
  };
  std::vector<int> ranked;  // the labelled observations
  for (std::size_t i = 0; i < observations.size(); ++i) {
    out.labelled[i] =
        observations[i]->feasible || (i < label_violating_before && observations[i]->violating_value.has_value());
    if (out.labelled[i]) ranked.push_back(static_cast<int>(i));
    out.feasible_count += observations[i]->feasible;
  }
  if (out.feasible_count == 0) {
    std::fill(out.labelled.begin(), out.labelled.end(), false);
    std::fill(out.labels.begin(), out.labels.end(), out.infeasible_label);
    return out;
  }

  // Ascending by label y (worst first); ties keep input order.
  std::stable_sort(ranked.begin(), ranked.end(),
                   [&](int a, int b) { return value_of(a) > value_of(b); });
  const int n = static_cast<int>(ranked.size());
  auto y = [&](int rank) { return -value_of(ranked[rank]); };  // larger = better
  const double median = n % 2 ? y(n / 2) : 0.5 * (y(n / 2 - 1) + y(n / 2));
  double spread = 0;
  int good = 0;
  for (int r = 0; r < n; ++r)
    if (y(r) >= median) spread += (y(r) - median) * (y(r) - median), ++good;
  spread = good > 0 ? std::sqrt(spread / good) : 0.0;
  if (!(spread > 0)) spread = 1.0;

  std::vector<double> warped(n);
  for (int r = 0; r < n; ++r)
    warped[r] = y(r) >= median ? y(r) : median + spread * normal_quantile((r + 0.5) / n);

  const double mean = std::accumulate(warped.begin(), warped.end(), 0.0) / n;
  double var = 0;
  for (double w : warped) var += (w - mean) * (w - mean);
  const double sd = n > 1 && var > 0 ? std::sqrt(var / n) : 1.0;
  double lo = 0, hi = 0;
  bool any_feasible = false;
  for (int r = 0; r < n; ++r) {
    const double z = (warped[r] - mean) / sd;
    out.labels[ranked[r]] = z;
    lo = r == 0 ? z : std::min(lo, z);
    hi = r == 0 ? z : std::max(hi, z);
    if (observations[ranked[r]]->feasible) {
      out.best_label = any_feasible ? std::max(out.best_label, z) : z;
      any_feasible = true;
    }
  }
  out.infeasible_label = hi > lo ? lo - 0.5 * (hi - lo) : lo - 1.0;
  for (std::size_t i = 0; i < observations.size(); ++i)
    if (!out.labelled[i]) out.labels[i] = out.infeasible_label;
  return out;
}

}  // namespace archex::opt
