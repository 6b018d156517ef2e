#include "explorer/objective.h"

#include <cmath>
#include <cstdio>

#include "explorer/errors.h"

namespace archex::explore {
namespace {

std::string format(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

Score infeasible(std::string reason, std::optional<double> value_over_budget = std::nullopt) {
  return {false, 0.0, std::move(reason), value_over_budget};
}

}  // namespace

Objective::Objective(ObjectiveKind kind, std::optional<double> budget_mm2, std::vector<std::string> workload_names,
                     std::vector<double> weights, std::vector<double> baseline_latency_ms)
    : kind_(kind),
      budget_mm2_(budget_mm2),
      workload_names_(std::move(workload_names)),
      weights_(std::move(weights)),
      baseline_latency_ms_(std::move(baseline_latency_ms)) {
  if (workload_names_.empty() || weights_.size() != workload_names_.size() ||
      baseline_latency_ms_.size() != workload_names_.size())
    throw ExploreError("objective: need one weight and one baseline latency per workload");
  // Only the speed-up divides by the baseline; the other objectives just report it.
  for (std::size_t i = 0; i < baseline_latency_ms_.size() && kind_ == ObjectiveKind::kGeomeanSpeedup; ++i)
    if (!(baseline_latency_ms_[i] > 0))
      throw ExploreError("objective: the baseline latency of workload '" + workload_names_[i] +
                         "' is not positive (" + format(baseline_latency_ms_[i]) + " ms)");
}

std::string Objective::unit() const { return objective_unit(kind_); }

Score Objective::score(const std::vector<const cost::Metrics*>& metrics) const {
  if (metrics.size() != workload_names_.size())
    throw ExploreError("objective: got metrics for " + std::to_string(metrics.size()) + " workloads, expected " +
                       std::to_string(workload_names_.size()));
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    if (!metrics[i]->feasible)
      return infeasible(metrics.size() == 1 ? metrics[i]->reason : workload_names_[i] + ": " + metrics[i]->reason);
    if (!(metrics[i]->latency_ms > 0))
      return infeasible(workload_names_[i] + ": latency " + format(metrics[i]->latency_ms) + " ms is not positive");
  }
  const double area = metrics.front()->area_mm2;  // one config: the same area on every workload
  if (kind_ == ObjectiveKind::kPerfPerArea && !(area > 0))
    return infeasible("area " + format(area) + " mm2 is not positive");
  const double value = unconstrained_value(metrics, area);
  if (budget_mm2_ && area > *budget_mm2_)
    return infeasible("area " + format(area) + " mm2 exceeds the budget of " + format(*budget_mm2_) + " mm2", value);
  return {true, value, "", std::nullopt};
}

double Objective::unconstrained_value(const std::vector<const cost::Metrics*>& metrics, double area) const {
  switch (kind_) {
    case ObjectiveKind::kLatency:
      return metrics.front()->latency_ms;
    case ObjectiveKind::kGeomeanSpeedup: {
      double log_sum = 0, weight_sum = 0;
      for (std::size_t i = 0; i < metrics.size(); ++i) {
        log_sum += weights_[i] * std::log(baseline_latency_ms_[i] / metrics[i]->latency_ms);
        weight_sum += weights_[i];
      }
      return std::exp(log_sum / weight_sum);
    }
    case ObjectiveKind::kPerfPerArea:
      return 1.0 / (metrics.front()->latency_ms * area);
  }
  throw ExploreError("objective: unknown kind");
}

}  // namespace archex::explore
