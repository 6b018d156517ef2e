#include "cost-models/analytical.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "accelerator-template/tech_constants.h"
#include "cost-models/registry.h"

namespace archex::cost {

namespace {

// Bumped whenever a formula in layer_model.cpp or this file changes.
constexpr const char* kFormulaVersion = "analytical-1";

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string describe_constants(const arch::TechConstants& t) {
  const auto& a = t.area;
  const auto& e = t.energy;
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s|%g|%d|%d|%g|%g|%g|%g|%g|%g|%g|%g|%g|%g|%g|%g|%g|%g|%g|%g|%g|%g|%g|%g",
                t.node.c_str(), t.clock_ghz, t.data_width_bits, t.accumulator_bits, a.mac_area_45nm_um2,
                a.logic_area_scale, a.lane_overhead, a.sram_bitcell_um2, a.sram_array_efficiency,
                a.sram_macro_max_bytes, a.sram_macro_periphery_mm2, a.noc_per_pe_mm2, a.noc_per_core_mm2,
                a.io_per_gbps_mm2, a.control_fixed_mm2, a.control_per_core_mm2, e.mac_energy_45nm_pj,
                e.energy_scale, e.register_relative, e.pe_array_relative, e.global_buffer_relative,
                e.dram_relative, e.register_accesses_per_mac, 0.0);
  return buf;
}

arch::HardwareResolver make_resolver(const arch::Template& tmpl) {
  try {
    return arch::HardwareResolver(tmpl);
  } catch (const arch::TemplateError& e) {
    throw CostModelError(std::string("the analytical model needs an edge-style template: ") + e.what());
  }
}

std::string failure_reason(const LayerCandidates& c, const std::string& layer, const arch::Hardware& hw) {
  const std::string head = "layer '" + layer + "' cannot be mapped: ";
  const std::string need = std::to_string(c.needed_bytes) + " bytes";
  switch (c.failure) {
    case MapFailure::kCoreMemory:
      return head + "core_memory " + std::to_string(hw.core_memory) + " bytes cannot hold the " +
             std::to_string(hw.lanes_per_core) + " lanes' accumulators plus one filter row (" + need + ")";
    case MapFailure::kPeMemory:
      return head + "its input line buffer needs " + need + " per PE, pe_memory is " +
             std::to_string(hw.pe_memory) + " bytes";
    case MapFailure::kActivationMemory:
      return head + "its activations spill to DRAM and one input row (" + need +
             ") does not fit activation_memory " + std::to_string(hw.activation_memory) + " bytes";
    case MapFailure::kNone: break;
  }
  return head + "no dataflow fits";
}

struct Choice {
  int index = -1;
  double busy = 0.0;  // max of the efficiency-scaled components
  Bound bound = Bound::kCompute;
  double bytes = 0.0;  // on-chip + DRAM bytes moved
};

Choice choose(const LayerCandidates& lc, const AnalyticalOptions& o) {
  Choice best;
  for (int i = 0; i < lc.count; ++i) {
    const Candidate& c = lc.candidates[i];
    if (!c.mappable) continue;
    const double compute = c.compute / o.compute_efficiency;
    const double onchip = c.onchip / o.onchip_efficiency;
    const double dram = c.dram / o.dram_efficiency;
    double busy = compute;
    Bound bound = Bound::kCompute;
    if (onchip > busy) busy = onchip, bound = Bound::kOnChip;
    if (dram > busy) busy = dram, bound = Bound::kDram;
    // Ties (common: several mappings are compute-bound at the same cycles)
    // go to the one that moves fewer bytes, as a mapper minimising energy would.
    const bool better = best.index < 0 || busy < best.busy ||
                        (busy == best.busy && c.onchip_bytes + static_cast<double>(c.dram_bytes) < best.bytes);
    if (better) best = {i, busy, bound, c.onchip_bytes + static_cast<double>(c.dram_bytes)};
  }
  return best;
}

}  // namespace

AnalyticalModel::AnalyticalModel(const arch::Template& tmpl, const AnalyticalOptions& options)
    : template_(tmpl), resolver_(make_resolver(tmpl)), options_(options) {
  options_.validate();
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx",
                static_cast<unsigned long long>(
                    fnv1a(options_to_json(options_).dump() + describe_constants(tmpl.constants()))));
  version_ = std::string(kFormulaVersion) + "+" + hash;
}

double AnalyticalModel::area_mm2(const arch::Config& config) const { return area_breakdown(config).total(); }

std::vector<std::pair<std::string, double>> AnalyticalModel::area_components(const arch::Config& config) const {
  const arch::AreaBreakdown a = area_breakdown(config);
  return {{"macs", a.macs}, {"core_memory", a.core_memory}, {"pe_memory", a.pe_memory},
          {"global_memory", a.global_memory}, {"noc", a.noc}, {"io", a.io}, {"control", a.control}};
}

arch::AreaBreakdown AnalyticalModel::area_breakdown(const arch::Config& config) const {
  template_.validate(config);
  return arch::area_breakdown(template_.constants(), resolver_.resolve(config));
}

std::shared_ptr<const PreparedWorkload> AnalyticalModel::prepare(const workload::Workload& workload) const {
  return cache_.get(workload);
}

Metrics AnalyticalModel::evaluate(const workload::Workload& workload, const arch::Config& config,
                                  const EvaluateOptions& options) const {
  return evaluate_prepared(*prepare(workload), config, options);
}

Metrics AnalyticalModel::evaluate_prepared(const PreparedWorkload& prepared, const arch::Config& config,
                                           const EvaluateOptions& options) const {
  if (options.batch_size != 1)
    throw CostModelError("template '" + template_.name() + "' (edge-constants form) evaluates batch size 1 only, got " +
                         std::to_string(options.batch_size));
  template_.validate(config);
  const arch::TechConstants& tech = template_.constants();
  const arch::Hardware hw = resolver_.resolve(config);
  const arch::AreaBreakdown area = arch::area_breakdown(tech, hw);

  Metrics m;
  m.area_mm2 = area.total();
  m.area_mm2_by_component = {area.macs, area.core_memory, area.pe_memory, area.global_memory,
                             area.noc, area.io, area.control};
  if (std::string why = hw.limit_violation(); !why.empty()) {
    m.feasible = false;
    m.reason = std::move(why);
    return m;
  }

  const HardwareView view = make_hardware_view(hw, tech, options_, prepared);
  const double e_mac = tech.energy.mac_pj();
  const double e_register = e_mac * tech.energy.register_relative * tech.energy.register_accesses_per_mac;
  const double e_pe_array = e_mac * tech.energy.pe_array_relative;
  const double e_buffer = e_mac * tech.energy.global_buffer_relative;
  const double e_dram = e_mac * tech.energy.dram_relative;
  const double elements_per_byte = 1.0 / static_cast<double>(prepared.bytes_per_element);
  const double peak = static_cast<double>(view.peak_macs_per_cycle);

  std::vector<LayerMetrics> per_shape;
  if (options.per_layer) per_shape.resize(prepared.shapes.size());

  std::array<double, kEnergyLevels> energy_pj{};
  std::int64_t total_cycles = 0;
  std::int64_t dram_bytes = 0;
  LayerCandidates lc;
  for (std::size_t u = 0; u < prepared.shapes.size(); ++u) {
    const LayerShape& shape = prepared.shapes[u];
    cost_layer(shape, view, lc);
    const Choice choice = choose(lc, options_);
    if (choice.index < 0) {
      m.feasible = false;
      m.reason = failure_reason(lc, prepared.first_names[u], hw);
      m.energy_uj_by_level = {};
      return m;
    }
    const Candidate& c = lc.candidates[choice.index];
    const auto count = prepared.multiplicity[u];
    std::int64_t cycles = 0;
    Bound bound = choice.bound;
    if (shape.cls != LayerClass::kFree) {
      cycles = static_cast<std::int64_t>(std::ceil(choice.busy + options_.layer_overhead_cycles - 1e-9));
      if (options_.layer_overhead_cycles > choice.busy) bound = Bound::kOverhead;
    }
    const double onchip_elements = c.onchip_bytes * elements_per_byte;
    const double dram_elements = static_cast<double>(c.dram_bytes) * elements_per_byte;
    const double ops = static_cast<double>(shape.macs + shape.vector_ops);
    const std::array<double, kEnergyLevels> layer_pj = {
        ops * e_mac, static_cast<double>(shape.macs) * e_register, onchip_elements * e_pe_array,
        (onchip_elements + dram_elements) * e_buffer, dram_elements * e_dram};
    for (int level = 0; level < kEnergyLevels; ++level) energy_pj[level] += layer_pj[level] * count;
    total_cycles += cycles * count;
    dram_bytes += c.dram_bytes * count;

    if (options.per_layer) {
      LayerMetrics& lm = per_shape[u];
      lm.cycles = cycles;
      lm.latency_ms = static_cast<double>(cycles) / (tech.clock_ghz * 1e6);
      lm.bound = bound;
      lm.utilization = cycles > 0 ? static_cast<double>(shape.macs) / (static_cast<double>(cycles) * peak) : 0.0;
      lm.dram_bytes = c.dram_bytes;
      lm.energy_pj = layer_pj[0] + layer_pj[1] + layer_pj[2] + layer_pj[3] + layer_pj[4];
      lm.dataflow = shape.cls == LayerClass::kMac ? dataflow_name(static_cast<Dataflow>(choice.index))
                    : shape.cls == LayerClass::kFree ? "none"
                    : shape.cls == LayerClass::kInput ? "dma"
                                                      : "vector";
    }
  }

  m.latency_cycles = total_cycles;
  m.latency_ms = static_cast<double>(total_cycles) / (tech.clock_ghz * 1e6);
  m.throughput_ips = m.latency_ms > 0.0 ? 1000.0 / m.latency_ms : 0.0;
  m.dram_bytes = dram_bytes;
  double total_pj = 0.0;
  for (int level = 0; level < kEnergyLevels; ++level) {
    m.energy_uj_by_level[level] = energy_pj[level] * 1e-6;
    total_pj += energy_pj[level];
  }
  m.energy_uj = total_pj * 1e-6;
  if (options.per_layer) {
    m.layers.reserve(prepared.layer_to_shape.size());
    for (const std::uint32_t u : prepared.layer_to_shape) m.layers.push_back(per_shape[u]);
  }
  return m;
}

std::vector<LayerCandidates> AnalyticalModel::analyse(const workload::Workload& workload,
                                                      const arch::Config& config) const {
  template_.validate(config);
  const auto prepared = prepare(workload);
  const HardwareView view =
      make_hardware_view(resolver_.resolve(config), template_.constants(), options_, *prepared);
  std::vector<LayerCandidates> shapes(prepared->shapes.size());
  for (std::size_t u = 0; u < shapes.size(); ++u) cost_layer(prepared->shapes[u], view, shapes[u]);
  std::vector<LayerCandidates> layers;
  layers.reserve(prepared->layer_to_shape.size());
  for (const std::uint32_t u : prepared->layer_to_shape) layers.push_back(shapes[u]);
  return layers;
}

}  // namespace archex::cost
