#include "optimizers/scalarized_history.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "optimizers/random_utils.h"

namespace archex::opt {
namespace {

// Per objective, the range of every value observed (feasible or measured
// over a constraint), so that objectives in ms and in mm^2 weigh alike.
struct Ranges {
  std::vector<double> lo, hi;
  explicit Ranges(int k) : lo(k, std::numeric_limits<double>::infinity()), hi(k, -std::numeric_limits<double>::infinity()) {}
  void add(const std::vector<double>& v) {
    for (std::size_t i = 0; i < v.size() && i < lo.size(); ++i) {
      lo[i] = std::min(lo[i], v[i]);
      hi[i] = std::max(hi[i], v[i]);
    }
  }
  std::vector<double> normalize(const std::vector<double>& v) const {
    std::vector<double> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = hi[i] > lo[i] ? (v[i] - lo[i]) / (hi[i] - lo[i]) : 0.0;
    return out;
  }
};

}  // namespace

double hypervolume_scalarization(const std::vector<double>& normalized, const std::vector<double>& lambda,
                                 double reference) {
  double s = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < normalized.size(); ++i) s = std::min(s, std::max(0.0, reference - normalized[i]) / lambda[i]);
  return std::pow(s, static_cast<double>(normalized.size()));
}

ScalarizedHistory::ScalarizedHistory(const History& history, Rng& rng)
    : priors_(history.priors.begin(), history.priors.end()),
      trials_(history.trials.begin(), history.trials.end()),
      base_(history) {
  const int k = std::max(1, history.objectives);
  // A uniform direction on the positive part of the unit sphere: |N(0, 1)|
  // components, normalised (bounded away from 0 so no objective is ignored).
  double norm = 0.0;
  for (int i = 0; i < k; ++i) {
    lambda_.push_back(std::max(1e-3, std::abs(standard_normal(rng))));
    norm += lambda_.back() * lambda_.back();
  }
  for (double& l : lambda_) l /= std::sqrt(norm);

  Ranges ranges(k);
  for (const auto* list : {&priors_, &trials_})
    for (const auto& o : *list) {
      if (o.feasible) ranges.add(o.values);
      ranges.add(o.violating_values);
    }
  auto scalar = [&](const std::vector<double>& values) {
    return -hypervolume_scalarization(ranges.normalize(values), lambda_);
  };
  for (auto* list : {&priors_, &trials_})
    for (auto& o : *list) {
      if (o.feasible && static_cast<int>(o.values.size()) == k) o.value = scalar(o.values);
      if (static_cast<int>(o.violating_values.size()) == k) o.violating_value = scalar(o.violating_values);
      o.values.clear();
      o.violating_values.clear();
    }
}

History ScalarizedHistory::view() const {
  History h = base_;
  h.priors = priors_;
  h.trials = trials_;
  h.objectives = 1;
  return h;
}

}  // namespace archex::opt
