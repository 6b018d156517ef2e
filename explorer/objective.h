#pragma once
// Scoring a design: the study objective and its area constraint applied to the
// cost model's metrics (one Metrics per workload of the study).

#include <optional>
#include <string>
#include <vector>

#include "cost-models/cost_model.h"
#include "explorer/study_spec.h"

namespace archex::explore {

struct Score {
  bool feasible = true;
  double value = 0.0;  // user-facing objective (only when feasible)
  std::string reason;  // why infeasible
  // Over the area budget only: the objective the design would have scored
  // without the budget (it was fully evaluated).
  std::optional<double> value_over_budget;
};

class Objective {
 public:
  // `weights` and `baseline_latency_ms` have one entry per workload, in study
  // order; the baseline is the template's baseline config (geomean-speedup
  // divides by it). Throws ExploreError for mismatched sizes, or a
  // non-positive baseline latency under geomean-speedup.
  Objective(ObjectiveKind kind, std::optional<double> budget_mm2, std::vector<std::string> workload_names,
            std::vector<double> weights, std::vector<double> baseline_latency_ms);

  ObjectiveKind kind() const { return kind_; }
  Direction direction() const { return direction_of(kind_); }
  const std::optional<double>& budget_mm2() const { return budget_mm2_; }
  const std::vector<std::string>& workload_names() const { return workload_names_; }
  const std::vector<double>& baseline_latency_ms() const { return baseline_latency_ms_; }
  // "ms", "x", "1/(ms*mm2)".
  std::string unit() const;

  // A design is infeasible when a workload cannot be mapped, its latency is
  // not positive, or (budgeted objectives) its area exceeds the budget.
  // `metrics` holds one pointer per workload, in study order.
  Score score(const std::vector<const cost::Metrics*>& metrics) const;

  // The value handed to the optimizers, which minimise.
  double to_minimization(double value) const { return explore::to_minimization(direction(), value); }

 private:
  // The objective of fully evaluated metrics, ignoring the budget.
  double unconstrained_value(const std::vector<const cost::Metrics*>& metrics, double area) const;

  ObjectiveKind kind_;
  std::optional<double> budget_mm2_;
  std::vector<std::string> workload_names_;
  std::vector<double> weights_;
  std::vector<double> baseline_latency_ms_;
};

}  // namespace archex::explore
