#include "experiments/evaluate_batch.h"

#include <map>

#include "accelerator-template/config_io.h"
#include "accelerator-template/parameter_value.h"
#include "cost-models/metrics_json.h"
#include "experiments/commands.h"
#include "experiments/evaluation_json.h"
#include "experiments/json_input.h"

namespace archex::exp {

nlohmann::json evaluate_batch_line(const std::string& line, long line_number, const workload::Workload& w,
                                   const arch::Template& tmpl, const cost::CostModel& model,
                                   const cost::EvaluateOptions& options) {
  try {
    const nlohmann::json in = parse_user_json(line, "");
    if (!in.is_object()) throw UsageError("expected a JSON object of parameter name -> value");
    std::map<std::string, std::int64_t> values;
    for (const auto& [name, value] : in.items()) {
      std::optional<std::int64_t> v;
      if (value.is_number_integer()) v = value.get<std::int64_t>();
      else if (value.is_string()) v = arch::parse_parameter_value(tmpl, name, value.get<std::string>());
      if (!v) throw UsageError("parameter '" + name + "': expected " + arch::kParameterValueForms + ", got " + value.dump());
      values[name] = *v;
    }
    const arch::Config config = tmpl.make_config(values);
    nlohmann::json out = evaluation_json(model.evaluate(w, config, options), w, tmpl, config, model);
    out["line"] = line_number;
    return out;
  } catch (const std::exception& e) {
    return {{"line", line_number}, {"error", "stdin line " + std::to_string(line_number) + ": " + e.what()}};
  }
}

std::string batch_output_line(const nlohmann::json& result) {
  return result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace archex::exp
