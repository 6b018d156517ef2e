#pragma once
// The JSON of one evaluation, as `archex evaluate --json` prints it (and, per
// line, `--batch`); the Python module returns the same object, so scripts see
// the same keys from either.

#include <nlohmann/json.hpp>

#include "accelerator-template/template.h"
#include "cost-models/cost_model.h"
#include "workloads/workload.h"

namespace archex::exp {

// Metrics (with the per-layer breakdown when evaluated with it), the config
// by parameter name, the workload and the model with its version.
nlohmann::json evaluation_json(const cost::Metrics& metrics, const workload::Workload& workload,
                               const arch::Template& tmpl, const arch::Config& config, const cost::CostModel& model);
// The same plus the template's name and the batch size: `archex evaluate --json`.
nlohmann::json evaluation_report_json(const cost::Metrics& metrics, const workload::Workload& workload,
                                      const arch::Template& tmpl, const arch::Config& config,
                                      const cost::CostModel& model, int batch_size);

}  // namespace archex::exp
