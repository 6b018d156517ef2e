#pragma once
// Metrics <-> JSON. The explorer stores raw metrics as this JSON so a trial can
// be re-scored later under another objective or area budget.

#include <nlohmann/json.hpp>

#include "cost-models/cost_model.h"

namespace archex::cost {

// Totals, area / energy breakdowns and, when present, per-layer metrics (named
// after the workload's layers when a workload is given).
nlohmann::json metrics_to_json(const Metrics& metrics, const workload::Workload* workload = nullptr);
// Reads what metrics_to_json wrote (per-layer entries are optional).
Metrics metrics_from_json(const nlohmann::json& json);
// "compute", "on-chip", "dram" or "overhead", as written in the JSON.
const char* bound_name(Bound bound);

}  // namespace archex::cost
