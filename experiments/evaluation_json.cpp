#include "experiments/evaluation_json.h"

#include "accelerator-template/config_io.h"
#include "cost-models/metrics_json.h"

namespace archex::exp {

nlohmann::json evaluation_json(const cost::Metrics& metrics, const workload::Workload& workload,
                               const arch::Template& tmpl, const arch::Config& config, const cost::CostModel& model) {
  nlohmann::json j = cost::metrics_to_json(metrics, &workload);
  nlohmann::json c = nlohmann::json::object();
  for (const auto& [name, value] : arch::named_values(tmpl, config)) c[name] = value;
  j["config"] = std::move(c);
  j["workload"] = workload.name();
  j["model"] = model.name();
  j["model_version"] = model.version();
  return j;
}

nlohmann::json evaluation_report_json(const cost::Metrics& metrics, const workload::Workload& workload,
                                      const arch::Template& tmpl, const arch::Config& config,
                                      const cost::CostModel& model, int batch_size) {
  nlohmann::json j = evaluation_json(metrics, workload, tmpl, config, model);
  j["template"] = tmpl.name();
  j["batch_size"] = batch_size;
  return j;
}

}  // namespace archex::exp
