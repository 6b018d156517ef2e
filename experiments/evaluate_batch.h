#pragma once
// `archex evaluate --batch`: each stdin line a JSON object of parameter name
// -> value, answered by one JSON line (the metrics, or an error naming the
// line), so an external optimizer can drive the model.

#include <string>

#include <nlohmann/json.hpp>

#include "accelerator-template/template.h"
#include "cost-models/cost_model.h"
#include "workloads/workload.h"

namespace archex::exp {

// The answer to stdin line `line_number`: the evaluation with "line", or
// {"line", "error": "stdin line N: ..."}. Never throws for a bad line.
nlohmann::json evaluate_batch_line(const std::string& line, long line_number, const workload::Workload& workload,
                                   const arch::Template& tmpl, const cost::CostModel& model,
                                   const cost::EvaluateOptions& options);

// One output line for a result (without the newline); bytes of the input that
// are not UTF-8 appear as U+FFFD instead of failing the whole batch.
std::string batch_output_line(const nlohmann::json& result);

}  // namespace archex::exp
