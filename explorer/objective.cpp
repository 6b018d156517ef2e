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

Score infeasible(std::string reason) { return {false, 0.0, {}, std::move(reason), {}, std::nullopt}; }

bool needs_area(ObjectiveKind kind) { return kind == ObjectiveKind::kPerfPerArea; }

}  // namespace

Objective::Objective(std::vector<ObjectiveSpec> objectives, std::vector<ConstraintSpec> constraints,
                     std::optional<double> budget_mm2, std::vector<std::string> workload_names,
                     std::vector<double> weights, std::vector<double> baseline_latency_ms)
    : objectives_(std::move(objectives)),
      constraints_(std::move(constraints)),
      budget_mm2_(budget_mm2),
      workload_names_(std::move(workload_names)),
      weights_(std::move(weights)),
      baseline_latency_ms_(std::move(baseline_latency_ms)) {
  if (objectives_.empty()) throw ExploreError("objective: at least one objective is needed");
  if (workload_names_.empty() || weights_.size() != workload_names_.size() ||
      baseline_latency_ms_.size() != workload_names_.size())
    throw ExploreError("objective: need one weight and one baseline latency per workload");
  bool speedup = false;
  auto check_metric = [&](ObjectiveKind kind) {
    if (!metric_info(kind).any_workload_set && workload_names_.size() != 1)
      throw ExploreError("objective: " + std::string(to_string(kind)) + " is defined for one workload");
    speedup = speedup || kind == ObjectiveKind::kGeomeanSpeedup;
  };
  for (const auto& o : objectives_) check_metric(o.kind);
  for (const auto& c : constraints_) check_metric(c.metric);
  // Only the speed-up divides by the baseline; the other metrics just report it.
  for (std::size_t i = 0; i < baseline_latency_ms_.size() && speedup; ++i)
    if (!(baseline_latency_ms_[i] > 0))
      throw ExploreError("objective: the baseline latency of workload '" + workload_names_[i] +
                         "' is not positive (" + format(baseline_latency_ms_[i]) + " ms)");
}

Objective::Objective(ObjectiveKind kind, std::optional<double> budget_mm2, std::vector<std::string> workload_names,
                     std::vector<double> weights, std::vector<double> baseline_latency_ms)
    : Objective({natural_objective(kind)}, {}, budget_mm2, std::move(workload_names), std::move(weights),
                std::move(baseline_latency_ms)) {}

std::string Objective::unit() const { return objective_unit(kind()); }

std::vector<Direction> Objective::directions() const {
  std::vector<Direction> directions;
  for (const auto& o : objectives_) directions.push_back(o.direction);
  return directions;
}

std::vector<double> Objective::to_minimization(const std::vector<double>& values) const {
  std::vector<double> out(values.size());
  for (std::size_t i = 0; i < values.size() && i < objectives_.size(); ++i)
    out[i] = explore::to_minimization(objectives_[i].direction, values[i]);
  return out;
}

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
  for (const auto& o : objectives_)
    if (needs_area(o.kind) && !(area > 0)) return infeasible("area " + format(area) + " mm2 is not positive");
  // A metric a user's evaluator did not report (ask/tell) is NaN.
  auto unknown = [](ObjectiveKind kind) {
    return infeasible(std::string(metric_info(kind).column) + " is unknown (not reported)");
  };
  Score score;
  for (const auto& o : objectives_) {
    score.values.push_back(metric_value(o.kind, metrics));
    if (std::isnan(score.values.back())) return unknown(o.kind);
  }
  score.value = score.values.front();
  std::string reason;
  auto note = [&](std::string text) { reason += (reason.empty() ? "" : "; ") + text; };
  if (budget_mm2_) {
    const bool ok = area <= *budget_mm2_;
    score.constraints.push_back({ConstraintSpec{ObjectiveKind::kArea, BoundKind::kAtMost, *budget_mm2_}.text(), area, ok});
    if (!ok) note("area " + format(area) + " mm2 exceeds the budget of " + format(*budget_mm2_) + " mm2");
  }
  for (const auto& c : constraints_) {
    const double value = metric_value(c.metric, metrics);
    if (std::isnan(value)) return unknown(c.metric);
    const bool ok = c.satisfied_by(value);
    score.constraints.push_back({c.text(), value, ok});
    if (!ok)
      note(std::string(metric_info(c.metric).column) + " " + format(value) + " violates " + c.text());
  }
  if (!reason.empty()) {
    score.feasible = false;
    score.reason = reason;
    score.value_over_budget = score.value;
    score.value = 0.0;
  }
  return score;
}

double Objective::metric_value(ObjectiveKind kind, const std::vector<const cost::Metrics*>& metrics) const {
  const cost::Metrics& first = *metrics.front();
  switch (kind) {
    case ObjectiveKind::kLatency: return first.latency_ms;
    case ObjectiveKind::kEnergy: return first.energy_uj;
    case ObjectiveKind::kArea: return first.area_mm2;
    case ObjectiveKind::kPower: return first.energy_uj / first.latency_ms;  // uJ / ms = mW
    case ObjectiveKind::kEdp: return first.energy_uj * first.latency_ms;
    case ObjectiveKind::kPerfPerArea: return 1.0 / (first.latency_ms * first.area_mm2);
    case ObjectiveKind::kGeomeanSpeedup: {
      double log_sum = 0, weight_sum = 0;
      for (std::size_t i = 0; i < metrics.size(); ++i) {
        log_sum += weights_[i] * std::log(baseline_latency_ms_[i] / metrics[i]->latency_ms);
        weight_sum += weights_[i];
      }
      return std::exp(log_sum / weight_sum);
    }
  }
  throw ExploreError("objective: unknown metric");
}

}  // namespace archex::explore
