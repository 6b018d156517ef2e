#include "cost-models/metrics_json.h"

#include <algorithm>
#include <limits>

#include "cost-models/registry.h"
#include "workloads/op_names.h"

namespace archex::cost {

namespace {

constexpr std::array<const char*, kAreaComponents> kAreaNames = {"macs", "core_memory", "pe_memory",
                                                                 "global_memory", "noc", "io", "control"};
constexpr std::array<const char*, kEnergyLevels> kEnergyNames = {"mac", "register", "pe_array",
                                                                 "global_buffer", "dram"};
constexpr std::array<const char*, 4> kBoundNames = {"compute", "on-chip", "dram", "overhead"};

Bound bound_from_name(const std::string& name) {
  for (std::size_t i = 0; i < kBoundNames.size(); ++i)
    if (name == kBoundNames[i]) return static_cast<Bound>(i);
  throw CostModelError("metrics JSON: unknown bound '" + name + "'; expected compute, on-chip, dram or overhead");
}

template <std::size_t N>
nlohmann::json named(const std::array<double, N>& values, const std::array<const char*, N>& names) {
  nlohmann::json j = nlohmann::json::object();
  for (std::size_t i = 0; i < N; ++i) j[names[i]] = values[i];
  return j;
}

template <std::size_t N>
void read_named(const nlohmann::json& j, const char* key, std::array<double, N>& values,
                const std::array<const char*, N>& names) {
  if (!j.contains(key)) return;
  for (std::size_t i = 0; i < N; ++i) values[i] = j.at(key).value(names[i], 0.0);
}

nlohmann::json named(const NamedValues& values) {
  nlohmann::json j = nlohmann::json::object();
  for (std::size_t i = 0; i < values.values.size(); ++i) j[(*values.names)[i]] = values.values[i];
  return j;
}

// Every key of a breakdown object, in order (templates declare their own names).
NamedValues read_named_values(const nlohmann::json& j, const char* key) {
  NamedValues out;
  if (!j.contains(key) || !j.at(key).is_object()) return out;
  auto names = std::make_shared<std::vector<std::string>>();
  for (const auto& [name, value] : j.at(key).items()) {
    names->push_back(name);
    out.values.push_back(value.get<double>());
  }
  out.names = std::move(names);
  return out;
}

}  // namespace

const char* bound_name(Bound bound) { return kBoundNames[static_cast<std::size_t>(bound)]; }

nlohmann::json metrics_to_json(const Metrics& m, const workload::Workload* workload) {
  nlohmann::json j = {{"feasible", m.feasible},
                      {"reason", m.reason},
                      {"latency_cycles", m.latency_cycles},
                      {"latency_ms", m.latency_ms},
                      {"throughput_ips", m.throughput_ips},
                      {"area_mm2", m.area_mm2},
                      {"energy_uj", m.energy_uj},
                      {"dram_bytes", m.dram_bytes},
                      {"area_mm2_by_component", m.area_by_name.empty() ? named(m.area_mm2_by_component, kAreaNames)
                                                                        : named(m.area_by_name)},
                      {"energy_uj_by_level", m.energy_by_name.empty() ? named(m.energy_uj_by_level, kEnergyNames)
                                                                      : named(m.energy_by_name)}};
  nlohmann::json layers = nlohmann::json::array();
  for (std::size_t i = 0; i < m.layers.size(); ++i) {
    const LayerMetrics& l = m.layers[i];
    nlohmann::json lj = {{"cycles", l.cycles},           {"bound", bound_name(l.bound)},
                         {"utilization", l.utilization}, {"dram_bytes", l.dram_bytes},
                         {"energy_pj", l.energy_pj},     {"dataflow", l.dataflow},
                         {"latency_ms", l.latency_ms},   {"energy_uj", l.energy_pj * 1e-6}};
    if (l.active_pes >= 0) lj["active_pes"] = l.active_pes;
    if (!l.energy_pj_by_level.empty() && !m.energy_by_name.empty())
      lj["energy_pj_by_level"] = named(NamedValues{m.energy_by_name.names, l.energy_pj_by_level});
    if (workload != nullptr && i < workload->layers().size()) {
      const auto& layer = workload->layers()[i];
      lj["name"] = layer.name;
      lj["op"] = std::string(workload::op_kind_name(layer.kind));
      lj["macs"] = layer.macs;
    }
    layers.push_back(std::move(lj));
  }
  j["layers"] = std::move(layers);
  return j;
}

Metrics metrics_from_json(const nlohmann::json& j) {
  try {
    Metrics m;
    m.feasible = j.at("feasible").get<bool>();
    m.reason = j.value("reason", std::string());
    // Metrics a user's evaluator reported (ask/tell) may lack what it did
    // not measure: an unknown latency or energy is NaN, which no objective
    // scores as feasible.
    constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();
    m.latency_cycles = j.value("latency_cycles", std::int64_t{0});
    m.latency_ms = j.contains("latency_ms") ? j.at("latency_ms").get<double>() : kUnknown;
    m.throughput_ips = j.value("throughput_ips", 0.0);
    m.area_mm2 = j.at("area_mm2").get<double>();
    m.energy_uj = j.contains("energy_uj") ? j.at("energy_uj").get<double>() : kUnknown;
    m.dram_bytes = j.value("dram_bytes", std::int64_t{0});
    read_named(j, "area_mm2_by_component", m.area_mm2_by_component, kAreaNames);
    read_named(j, "energy_uj_by_level", m.energy_uj_by_level, kEnergyNames);
    // Names other than the edge template's: an architecture template's breakdown.
    NamedValues area = read_named_values(j, "area_mm2_by_component");
    NamedValues energy = read_named_values(j, "energy_uj_by_level");
    auto is_edge = [](const NamedValues& v, const auto& edge_names) {
      if (v.empty()) return true;
      for (const auto& name : *v.names)
        if (std::find(edge_names.begin(), edge_names.end(), name) == edge_names.end()) return false;
      return true;
    };
    if (!is_edge(area, kAreaNames) || !is_edge(energy, kEnergyNames)) {
      m.area_by_name = std::move(area);
      m.energy_by_name = std::move(energy);
    }
    if (j.contains("layers")) {
      for (const auto& lj : j.at("layers")) {
        LayerMetrics l;
        l.cycles = lj.at("cycles").get<std::int64_t>();
        l.bound = bound_from_name(lj.at("bound").get<std::string>());
        l.utilization = lj.value("utilization", 0.0);
        l.dram_bytes = lj.value("dram_bytes", std::int64_t{0});
        l.energy_pj = lj.value("energy_pj", 0.0);
        l.dataflow = lj.value("dataflow", std::string());
        l.latency_ms = lj.value("latency_ms", 0.0);
        l.active_pes = lj.value("active_pes", std::int64_t{-1});
        m.layers.push_back(std::move(l));
      }
    }
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw CostModelError(std::string("metrics JSON: ") + e.what());
  }
}

}  // namespace archex::cost
