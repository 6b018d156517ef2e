#pragma once
// Scoring a design: the study's objectives, its area budget and its
// constraints applied to the cost model's metrics (one Metrics per workload).

#include <optional>
#include <string>
#include <vector>

#include "cost-models/cost_model.h"
#include "explorer/metric.h"

namespace archex::explore {

struct ConstraintResult {
  std::string constraint;  // "power_mw<=2000", or "area_mm2<=6.8" for the budget
  double value = 0.0;      // the metric's value
  bool satisfied = true;
};

struct Score {
  bool feasible = true;
  double value = 0.0;  // the first objective, user-facing (only when feasible)
  // Every objective, user-facing, whenever the design was fully evaluated —
  // also when it violates a constraint (an optimizer may learn from those).
  // Empty when it could not be evaluated (unmappable, no latency).
  std::vector<double> values;
  std::string reason;  // why infeasible
  std::vector<ConstraintResult> constraints;  // the budget first, then the study's constraints
  // Over a constraint only: the first objective the design would have scored.
  std::optional<double> value_over_budget;
};

class Objective {
 public:
  // `weights` and `baseline_latency_ms` have one entry per workload, in study
  // order; the baseline is the template's baseline config (geomean-speedup
  // divides by it). Throws ExploreError for mismatched sizes, no objective, a
  // one-workload metric on a workload set, or a non-positive baseline latency
  // under geomean-speedup.
  Objective(std::vector<ObjectiveSpec> objectives, std::vector<ConstraintSpec> constraints,
            std::optional<double> budget_mm2, std::vector<std::string> workload_names, std::vector<double> weights,
            std::vector<double> baseline_latency_ms);
  // One objective in its natural direction, no constraint but the budget.
  Objective(ObjectiveKind kind, std::optional<double> budget_mm2, std::vector<std::string> workload_names,
            std::vector<double> weights, std::vector<double> baseline_latency_ms);

  const std::vector<ObjectiveSpec>& objectives() const { return objectives_; }
  const std::vector<ConstraintSpec>& constraints() const { return constraints_; }
  ObjectiveKind kind() const { return objectives_.front().kind; }
  Direction direction() const { return objectives_.front().direction; }
  std::vector<Direction> directions() const;
  const std::optional<double>& budget_mm2() const { return budget_mm2_; }
  const std::vector<std::string>& workload_names() const { return workload_names_; }
  const std::vector<double>& baseline_latency_ms() const { return baseline_latency_ms_; }
  // Unit of the first objective: "ms", "x", "1/(ms*mm2)".
  std::string unit() const;

  // A design is infeasible when a workload cannot be mapped, its latency is
  // not positive, or it violates the area budget or a constraint.
  // `metrics` holds one pointer per workload, in study order.
  Score score(const std::vector<const cost::Metrics*>& metrics) const;

  // The values handed to the optimizers, which minimise.
  double to_minimization(double value) const { return explore::to_minimization(direction(), value); }
  std::vector<double> to_minimization(const std::vector<double>& values) const;

  // The value of one metric for fully evaluated metrics (no constraint applied).
  double metric_value(ObjectiveKind kind, const std::vector<const cost::Metrics*>& metrics) const;

 private:
  std::vector<ObjectiveSpec> objectives_;
  std::vector<ConstraintSpec> constraints_;
  std::optional<double> budget_mm2_;
  std::vector<std::string> workload_names_;
  std::vector<double> weights_;
  std::vector<double> baseline_latency_ms_;
};

}  // namespace archex::explore
