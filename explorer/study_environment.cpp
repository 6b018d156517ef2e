#include "explorer/study_environment.h"

#include "cost-models/metrics_json.h"

namespace archex::explore {

nlohmann::json StudyEnvironment::context_json() const {
  nlohmann::json workload_list = nlohmann::json::array();
  nlohmann::json baseline_metrics = nlohmann::json::object();
  for (std::size_t i = 0; i < workloads.size(); ++i) {
    workload_list.push_back({{"name", workloads[i].name}, {"key", workloads[i].key}});
    if (i < baseline.size()) baseline_metrics[workloads[i].name] = cost::metrics_to_json(baseline[i]);
  }
  nlohmann::json context = {
      {"space", space.describe()},
      {"cost_model", {{"name", cost_model->name()}, {"version", cost_model->version()}}},
      {"workloads", workload_list},
      {"baseline", baseline_metrics},
  };
  if (!template_name.empty()) context["template"] = {{"name", template_name}, {"content_hash", template_hash}};
  return context;
}

namespace {

void strip_units(nlohmann::json& space) {
  if (!space.is_object() || !space.contains("parameters")) return;
  for (auto& p : space["parameters"])
    if (p.is_object()) p.erase("unit");
}

}  // namespace

std::string context_mismatch(const nlohmann::json& stored, const nlohmann::json& current) {
  static const std::pair<const char*, const char*> kChecked[] = {
      {"space", "the template's parameters or values changed"},
      {"template", "the template file changed"},
      {"cost_model", "the cost model changed"},
      {"workloads", "a workload's content changed"},
  };
  for (const auto& [key, what] : kChecked) {
    // Studies stored before templates were recorded have no "template" entry.
    if (std::string(key) == "template" && !stored.contains(key)) continue;
    auto a = stored.contains(key) ? stored.at(key) : nlohmann::json();
    auto b = current.contains(key) ? current.at(key) : nlohmann::json();
    if (std::string(key) == "space") {  // units only label values (studies before them have none)
      strip_units(a);
      strip_units(b);
    }
    if (a != b) {
      std::string detail = std::string(what);
      if (std::string(key) != "space") detail += " (stored " + a.dump() + ", now " + b.dump() + ")";
      return detail;
    }
  }
  return "";
}

}  // namespace archex::explore
