#include "explorer/reported_metrics.h"

#include <algorithm>

#include "cost-models/metrics_json.h"
#include "explorer/errors.h"

namespace archex::explore {
namespace {

bool needs_energy(const Objective& objective) {
  auto uses = [](ObjectiveKind kind) {
    return kind == ObjectiveKind::kEnergy || kind == ObjectiveKind::kPower || kind == ObjectiveKind::kEdp;
  };
  return std::any_of(objective.objectives().begin(), objective.objectives().end(),
                     [&](const ObjectiveSpec& o) { return uses(o.kind); }) ||
         std::any_of(objective.constraints().begin(), objective.constraints().end(),
                     [&](const ConstraintSpec& c) { return uses(c.metric); });
}

void require_number(const nlohmann::json& metrics, const char* key, const std::string& where) {
  if (!metrics.contains(key))
    throw SpecError(where + ": metric '" + key + "' is missing (a feasible design needs it)");
  if (!metrics.at(key).is_number())
    throw SpecError(where + ": metric '" + key + "' must be a number, got " + metrics.at(key).dump());
}

}  // namespace

ReportedMetrics read_reported_metrics(const nlohmann::json& reported, const StudyEnvironment& env,
                                      const opt::Point& point) {
  if (!reported.is_object())
    throw SpecError("reported metrics: expected an object of metric name -> value, got " + reported.dump());
  // One workload: the metrics themselves, unless keyed by the workload's name.
  const bool flat = env.workloads.size() == 1 && !reported.contains(env.workloads.front().name);
  const bool energy = needs_energy(env.objective);
  ReportedMetrics out;
  nlohmann::json stored = nlohmann::json::object();
  double area = -1.0;  // computed once, on demand
  for (const auto& w : env.workloads) {
    const std::string where = "reported metrics" + (flat ? std::string() : " of workload '" + w.name + "'");
    if (!flat && !reported.contains(w.name))
      throw SpecError(where + ": missing (the study has several workloads: report {\"" + w.name + "\": {...}, ...})");
    nlohmann::json metrics = flat ? reported : reported.at(w.name);
    if (!metrics.is_object()) throw SpecError(where + ": expected an object, got " + metrics.dump());
    const nlohmann::json feasible = metrics.value("feasible", nlohmann::json(true));
    if (!feasible.is_boolean()) throw SpecError(where + ": 'feasible' must be true or false, got " + feasible.dump());
    if (metrics.contains("reason") && !metrics.at("reason").is_string())
      throw SpecError(where + ": 'reason' must be a string, got " + metrics.at("reason").dump());
    if (feasible.get<bool>()) {
      require_number(metrics, "latency_ms", where);
      if (energy) require_number(metrics, "energy_uj", where);
    } else if (metrics.value("reason", std::string()).empty()) {
      metrics["reason"] = "reported infeasible";
    }
    if (metrics.contains("area_mm2")) {
      if (!metrics.at("area_mm2").is_number())
        throw SpecError(where + ": metric 'area_mm2' must be a number, got " + metrics.at("area_mm2").dump());
    } else {
      if (area < 0) area = env.cost_model->area_mm2(env.space.to_config(point));
      metrics["area_mm2"] = area;
    }
    metrics["feasible"] = feasible;
    out.metrics.push_back(cost::metrics_from_json(metrics));
    stored[w.name] = std::move(metrics);
  }
  out.metrics_json = stored.dump();
  return out;
}

}  // namespace archex::explore
