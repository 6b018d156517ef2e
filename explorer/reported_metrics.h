#pragma once
// Metrics that a user's own evaluator (a simulator, a board) reports for a
// trial through ask/tell, checked and turned into what the study's objective
// scores and what the trial store keeps, so a reported trial can be re-scored
// later (transfer) like one the cost model evaluated.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cost-models/cost_model.h"
#include "explorer/study_environment.h"

namespace archex::explore {

struct ReportedMetrics {
  std::vector<cost::Metrics> metrics;  // one per workload, in study order
  std::string metrics_json;            // {"<workload>": {...}, ...}, as stored
};

// `reported` is an object of metric -> value ({"latency_ms": 0.05,
// "energy_uj": 21.3}) for a one-workload study, or {"<workload>": {...}, ...}.
// Per workload: `feasible` (default true) and `reason`; a feasible design
// needs `latency_ms`, and `energy_uj` when an objective or constraint uses
// energy (energy, power, edp); `area_mm2` defaults to the template's area model
// for the trial's config. Other keys are stored as reported. Throws SpecError
// naming the workload and the missing or ill-typed metric.
ReportedMetrics read_reported_metrics(const nlohmann::json& reported, const StudyEnvironment& env,
                                      const opt::Point& point);

}  // namespace archex::explore
