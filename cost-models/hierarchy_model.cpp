#include "cost-models/hierarchy_model.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>

#include <nlohmann/json.hpp>

#include "accelerator-template/model_limits.h"
#include "cost-models/hierarchy_mapping.h"
#include "cost-models/registry.h"

namespace archex::cost {

namespace {

constexpr const char* kFormulaVersion = "hierarchy-1";

using arch::kTensors;
using arch::TensorKind;

// One layer's cost under the chosen dataflow (cycles before the per-layer overhead).
struct LayerCost : MappingCost {
  double dram_words = 0.0;
  std::int64_t active_pes = -1;
  int dataflow = -1;
};

double um2_per_bit(const arch::Technology& t, arch::StorageArea kind) {
  switch (kind) {
    case arch::StorageArea::kSram: return t.sram_um2_per_bit;
    case arch::StorageArea::kRegisterFile: return t.register_file_um2_per_bit;
    case arch::StorageArea::kNone: return 0.0;
  }
  return 0.0;
}

// The first on-chip level that holds every one of `tensors`, or -1.
int first_level_holding(const arch::Architecture& a, std::initializer_list<TensorKind> tensors) {
  for (std::size_t l = 1; l < a.levels.size(); ++l) {
    bool all = true;
    for (const TensorKind t : tensors) all &= a.levels[l].holds[static_cast<int>(t)];
    if (all) return static_cast<int>(l);
  }
  return -1;
}

}  // namespace

nlohmann::json calibration_to_json(const HierarchyCalibration& c) {
  nlohmann::json out = {{"compute_efficiency", c.efficiency.compute},
                        {"onchip_efficiency", c.efficiency.onchip},
                        {"dram_efficiency", c.efficiency.dram}};
  if (c.layer_overhead_cycles) out["layer_overhead_cycles"] = *c.layer_overhead_cycles;
  return out;
}

HierarchyCalibration calibration_from_json(const nlohmann::json& json) {
  if (!json.is_object()) throw CostModelError("expected a JSON object of coefficients");
  HierarchyCalibration c;
  for (const auto& [key, value] : json.items()) {
    if (!value.is_number() || !std::isfinite(value.get<double>()))
      throw CostModelError("'" + key + "': expected a number, got " + value.dump());
    const double v = value.get<double>();
    // The bounds the fit uses (calibration.cpp): cycles stay finite.
    auto efficiency = [&](double& field) {
      if (!(v >= 1e-3 && v <= 1.0)) throw CostModelError("'" + key + "' = " + value.dump() + " is outside [0.001, 1]");
      field = v;
    };
    if (key == "compute_efficiency") efficiency(c.efficiency.compute);
    else if (key == "onchip_efficiency") efficiency(c.efficiency.onchip);
    else if (key == "dram_efficiency") efficiency(c.efficiency.dram);
    else if (key == "layer_overhead_cycles") {
      if (!(v >= 0.0 && v <= 1e12))
        throw CostModelError("'" + key + "' = " + value.dump() + " is outside [0, 1e12] cycles");
      c.layer_overhead_cycles = v;
    } else {
      throw CostModelError("unknown key '" + key +
                           "' (expected compute_efficiency, onchip_efficiency, dram_efficiency, layer_overhead_cycles)");
    }
  }
  return c;
}

HierarchyModel::HierarchyModel(const arch::Template& tmpl, const HierarchyCalibration& calibration)
    : template_(tmpl), architecture_(tmpl.architecture()), calibration_(calibration) {
  if (architecture_ == nullptr)
    throw CostModelError("template '" + tmpl.name() + "' has no architecture section");
  version_ = std::string(kFormulaVersion) + "+" + tmpl.content_hash();
  // Calibrated coefficients change the numbers: they are part of the version (the cache key).
  const RateEfficiency ideal;
  if (calibration.layer_overhead_cycles || calibration.efficiency.compute != ideal.compute ||
      calibration.efficiency.onchip != ideal.onchip || calibration.efficiency.dram != ideal.dram)
    version_ += "+calibrated:" + calibration_to_json(calibration).dump();
  const arch::Architecture& a = *architecture_;
  layer_overhead_cycles_ = calibration.layer_overhead_cycles.value_or(a.layer_overhead_cycles);
  auto area = std::make_shared<std::vector<std::string>>();
  area->push_back("macs");
  for (const auto& f : a.fanouts)
    if (f.area_um2_each > 0.0) area->push_back(f.name);
  for (const auto& l : a.levels)
    if (!l.dram) area->push_back(l.name);
  area->push_back("dram_interface");
  area->push_back("fixed");
  area_names_ = std::move(area);
  auto energy = std::make_shared<std::vector<std::string>>();
  energy->push_back("mac");
  for (const auto& l : a.levels) energy->push_back(l.name);
  for (const auto& l : a.levels) {
    network_energy_slot_.push_back(l.network_energy_pj > 0.0 ? static_cast<int>(energy->size()) : -1);
    if (l.network_energy_pj > 0.0) energy->push_back(l.name + "_network");
  }
  energy_names_ = std::move(energy);
  for (int c = 0; c < kOperatorClasses; ++c) {
    const std::string name = operator_class_name(static_cast<OperatorClass>(c));
    supported_[c] = a.supports.empty() || std::find(a.supports.begin(), a.supports.end(), name) != a.supports.end();
  }
}

void HierarchyModel::fill_area(const arch::ResolvedArchitecture& r, std::vector<double>& out) const {
  const arch::Architecture& a = *architecture_;
  const arch::Technology& t = a.technology;
  out.clear();
  out.push_back(static_cast<double>(r.macs_per_cycle()) * t.mac_area_um2 * 1e-6);
  std::int64_t elements = 1;
  for (std::size_t f = 0; f < a.fanouts.size(); ++f) {
    elements = arch::saturating_product(elements, r.fanout_size[f]);  // beyond the limits: refused, area finite
    if (a.fanouts[f].area_um2_each > 0.0) out.push_back(static_cast<double>(elements) * a.fanouts[f].area_um2_each * 1e-6);
  }
  double dram_gbps = 0.0;
  for (std::size_t l = 0; l < a.levels.size(); ++l) {
    const arch::StorageLevel& level = a.levels[l];
    if (level.dram) {
      dram_gbps = r.bandwidth_gbps[l];
      continue;
    }
    const double bits = static_cast<double>(r.capacity_words[l]) * a.word_bits;
    out.push_back(static_cast<double>(r.instances(static_cast<int>(l))) *
                  (bits * um2_per_bit(t, level.area) * 1e-6 + level.area_mm2_fixed));
  }
  out.push_back(dram_gbps * t.dram_phy_mm2_per_gbps);
  out.push_back(t.chip_fixed_mm2);
}

std::vector<double> HierarchyModel::area_breakdown(const arch::Config& config) const {
  template_.validate(config);
  std::vector<double> out;
  fill_area(template_.resolve(config), out);
  return out;
}

std::vector<std::pair<std::string, double>> HierarchyModel::area_components(const arch::Config& config) const {
  const auto values = area_breakdown(config);
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t i = 0; i < values.size(); ++i) out.emplace_back((*area_names_)[i], values[i]);
  return out;
}

double HierarchyModel::area_mm2(const arch::Config& config) const {
  const auto parts = area_breakdown(config);
  double total = 0.0;
  for (const double p : parts) total += p;
  return total;
}

Metrics HierarchyModel::evaluate(const workload::Workload& workload, const arch::Config& config,
                                 const EvaluateOptions& options) const {
  return run(workload, config, options, nullptr);
}

std::vector<std::vector<CycleComponents>> HierarchyModel::layer_cycle_components(const workload::Workload& workload,
                                                                                  const arch::Config& config,
                                                                                  int batch_size) const {
  ComponentsByShape by_shape;
  const Metrics m = run(workload, config, EvaluateOptions{.per_layer = false, .batch_size = batch_size}, &by_shape);
  if (!m.feasible) throw CostModelError(m.reason);
  const auto prepared = cache_.get(workload);
  std::vector<std::vector<CycleComponents>> out;
  out.reserve(prepared->layer_to_shape.size());
  for (const std::uint32_t u : prepared->layer_to_shape) out.push_back(by_shape[u]);
  return out;
}

Metrics HierarchyModel::run(const workload::Workload& workload, const arch::Config& config,
                            const EvaluateOptions& options, ComponentsByShape* components) const {
  if (options.batch_size < 1 || options.batch_size > kMaxBatchSize)
    throw CostModelError("batch size must be from 1 to " + std::to_string(kMaxBatchSize) + ", got " +
                         std::to_string(options.batch_size));
  template_.validate(config);
  const arch::Architecture& a = *architecture_;
  const arch::ResolvedArchitecture r = template_.resolve(config);
  const auto prepared_ptr = cache_.get(workload);
  const PreparedWorkload& prepared = *prepared_ptr;

  Metrics m;
  m.area_by_name.names = area_names_;
  fill_area(r, m.area_by_name.values);
  for (const double v : m.area_by_name.values) m.area_mm2 += v;
  m.energy_by_name.names = energy_names_;
  m.energy_by_name.values.assign(energy_names_->size(), 0.0);
  if (std::string why = r.limit_violation(); !why.empty()) {
    m.feasible = false;
    m.reason = std::move(why);
    return m;
  }
  if (std::string why = template_.rule_violation(config); !why.empty()) {
    m.feasible = false;
    m.reason = why;
    return m;
  }

  const std::int64_t batch = options.batch_size;
  const double word_bytes = std::ceil(a.word_bits / 8.0);
  const double clock_ghz = a.clock_mhz / 1000.0;
  const double dram_bytes_per_cycle = r.bandwidth_gbps[0] / clock_ghz;
  const double peak = static_cast<double>(r.macs_per_cycle());
  const int levels = static_cast<int>(a.levels.size());
  // The first on-chip level holding inputs and outputs keeps a layer's
  // activations between layers when they fit in all its instances.
  const int act_level = first_level_holding(a, {TensorKind::kInputs, TensorKind::kOutputs});
  const double act_capacity =
      act_level < 0 ? 0.0 : static_cast<double>(r.capacity_words[act_level] * r.instances(act_level));
  const int w_level = first_level_holding(a, {TensorKind::kWeights});
  const double weight_capacity =
      w_level < 0 ? 0.0 : static_cast<double>(r.capacity_words[w_level] * r.instances(w_level));
  const bool weights_resident =
      static_cast<double>(prepared.parameter_weight_bytes + prepared.peak_activation_bytes * batch) /
          prepared.bytes_per_element <=
      weight_capacity;

  std::vector<LayerMetrics> per_shape;
  if (options.per_layer) per_shape.resize(prepared.shapes.size());
  if (components) components->assign(prepared.shapes.size(), {});
  const RateEfficiency& eff = calibration_.efficiency;
  std::vector<double>& energy = m.energy_by_name.values;
  double total_cycles = 0.0, dram_words_total = 0.0;
  LayerMapping mapping, best_mapping;

  auto cost_of = [&](const LayerMapping& map, double macs, LayerCost& cost) {
    static_cast<MappingCost&>(cost) = mapping_cost(map, r, macs, eff);
    cost.dram_words = map.dram_words;
    cost.active_pes = map.active_pes;
  };
  std::vector<double> layer_energy(energy.size());  // one layer's, by the breakdown's names
  auto mapping_energy = [&](const LayerMapping& map, double macs) {
    layer_energy[0] = macs * a.mac_energy_pj;
    for (int l = 0; l < levels; ++l) {
      layer_energy[1 + l] = map.access_words[l] * a.levels[l].access_energy_pj;
      if (network_energy_slot_[l] >= 0)
        layer_energy[network_energy_slot_[l]] = map.network_words[l] * a.levels[l].network_energy_pj;
    }
  };

  for (std::size_t u = 0; u < prepared.shapes.size(); ++u) {
    const LayerShape& s = prepared.shapes[u];
    if (s.op_class != OperatorClass::kNone && !supported_[static_cast<int>(s.op_class)]) {
      std::string supports;
      for (const auto& name : a.supports) supports += (supports.empty() ? "" : ", ") + name;
      m.feasible = false;
      m.reason = "layer '" + prepared.first_names[u] + "' needs operator class '" +
                 operator_class_name(s.op_class) + "', which template '" + template_.name() +
                 "' does not support (supports: " + supports + ")";
      energy.assign(energy.size(), 0.0);
      return m;
    }
    const double count = static_cast<double>(prepared.multiplicity[u]);
    LayerCost cost;
    std::fill(layer_energy.begin(), layer_energy.end(), 0.0);
    // Every element takes one template word, whatever the workload's element size.
    const double in_words = static_cast<double>(s.input_bytes * batch) / prepared.bytes_per_element;
    const double out_words = static_cast<double>(s.output_bytes * batch) / prepared.bytes_per_element;
    const bool activations_resident = act_level >= 0 && in_words + out_words <= act_capacity;
    if (s.cls == LayerClass::kFree) {
      // reshape: nothing moves
    } else if (s.cls == LayerClass::kMac) {
      // An activation operand or a KV cache belongs to one inference: a batch
      // runs the product once per inference (no reuse across the batch).
      const bool shared_operand = s.weights_are_parameters;
      const std::int64_t repeats = shared_operand ? 1 : batch;
      const LayerProblem problem = LayerProblem::from_shape(s, batch / repeats);
      // Weights and KV caches stay on chip only when all of them fit; an
      // activation operand when it fits next to the layer's inputs and output.
      const double operand_words = static_cast<double>(s.weight_bytes) / prepared.bytes_per_element;
      const bool operand_resident = shared_operand || s.weights_are_state
                                        ? weights_resident
                                        : act_level >= 0 && (in_words + out_words) / static_cast<double>(batch) +
                                                                    operand_words <= act_capacity;
      const std::array<bool, kTensors> resident = {operand_resident, activations_resident, activations_resident};
      const int first = r.dataflow >= 0 ? r.dataflow : 0;
      const int last = r.dataflow >= 0 ? r.dataflow + 1 : static_cast<int>(a.dataflows.size());
      LayerCost candidate;
      for (int d = first; d < last; ++d) {
        map_layer(problem, r, d, resident, mapping, eff);
        if (!mapping.mappable) continue;
        if (components) {
          CycleComponents raw = cycle_components(mapping, r);
          for (double* part : {&raw.compute, &raw.onchip, &raw.dram}) *part *= static_cast<double>(repeats);
          (*components)[u].push_back(raw);
        }
        cost_of(mapping, static_cast<double>(problem.macs), candidate);
        candidate.cycles *= static_cast<double>(repeats);
        candidate.energy_pj *= static_cast<double>(repeats);
        candidate.dram_words *= static_cast<double>(repeats);
        candidate.dataflow = d;
        if (cost.dataflow < 0 || candidate.better_than(cost)) {
          cost = candidate;
          best_mapping = mapping;
        }
      }
      if (cost.dataflow < 0) {
        m.feasible = false;
        m.reason = "layer '" + prepared.first_names[u] + "' cannot be mapped: storage level '" +
                   a.levels[mapping.failed_level].name + "' (" + std::to_string(r.capacity_words[mapping.failed_level]) +
                   " words) cannot hold its smallest tile (" + std::to_string(static_cast<std::int64_t>(mapping.needed_words)) +
                   " words)" + (r.dataflow >= 0 ? " under dataflow '" + a.dataflows[r.dataflow].name + "'" : " under any dataflow");
        energy.assign(energy.size(), 0.0);
        return m;
      }
      mapping_energy(best_mapping, static_cast<double>(problem.macs));
      for (double& e : layer_energy) e *= static_cast<double>(repeats);
    } else {
      // Input, element-wise and copy layers stream their tensors through the
      // activation level at the MAC array's width, and over DRAM when they do
      // not stay on chip.
      const double ops = static_cast<double>(s.vector_ops * batch);
      const bool from_dram = s.cls == LayerClass::kInput || !activations_resident;
      const double moved = s.cls == LayerClass::kInput ? out_words : in_words + out_words;
      cost.dram_words = from_dram ? moved : 0.0;
      const double act_words = act_level >= 0 ? moved : 0.0;
      CycleComponents raw;
      raw.compute = std::ceil(ops / peak);
      raw.dram = cost.dram_words * word_bytes / dram_bytes_per_cycle;
      if (act_level >= 0 && r.bandwidth_words_per_cycle[act_level] > 0.0)
        raw.onchip = act_words / (static_cast<double>(r.instances(act_level)) * r.bandwidth_words_per_cycle[act_level]);
      if (components) (*components)[u].push_back(raw);
      cost.cycles = raw.compute / eff.compute;
      if (raw.dram / eff.dram > cost.cycles) cost.cycles = raw.dram / eff.dram, cost.bound = Bound::kDram;
      if (raw.onchip / eff.onchip > cost.cycles) cost.cycles = raw.onchip / eff.onchip, cost.bound = Bound::kOnChip;
      layer_energy[0] = ops * a.mac_energy_pj;
      layer_energy[1] = cost.dram_words * a.levels[0].access_energy_pj;
      if (act_level >= 0) layer_energy[1 + act_level] += act_words * a.levels[act_level].access_energy_pj;
      for (const double e : layer_energy) cost.energy_pj += e;
    }
    for (std::size_t i = 0; i < energy.size(); ++i) energy[i] += layer_energy[i] * count;
    double cycles = 0.0;
    if (s.cls != LayerClass::kFree) {
      cycles = std::ceil(cost.cycles + layer_overhead_cycles_ - 1e-9);
      if (layer_overhead_cycles_ > cost.cycles) cost.bound = Bound::kOverhead;
    }
    total_cycles += cycles * count;
    dram_words_total += cost.dram_words * count;
    if (options.per_layer) {
      LayerMetrics& lm = per_shape[u];
      lm.cycles = static_cast<std::int64_t>(cycles);
      lm.bound = cost.bound;
      lm.latency_ms = cycles / (clock_ghz * 1e6);
      lm.utilization = cycles > 0.0 ? static_cast<double>(s.macs * batch) / (cycles * peak) : 0.0;
      lm.dram_bytes = static_cast<std::int64_t>(std::llround(cost.dram_words * word_bytes));
      lm.energy_pj = cost.energy_pj;
      lm.energy_pj_by_level = layer_energy;
      lm.active_pes = s.cls == LayerClass::kMac ? cost.active_pes : -1;
      lm.dataflow = s.cls == LayerClass::kMac ? a.dataflows[cost.dataflow].name
                    : s.cls == LayerClass::kFree ? "none"
                    : s.cls == LayerClass::kInput ? "dma"
                                                  : "vector";
    }
  }

  m.latency_cycles = static_cast<std::int64_t>(total_cycles);
  m.latency_ms = total_cycles / (clock_ghz * 1e6);
  m.throughput_ips = m.latency_ms > 0.0 ? 1000.0 * static_cast<double>(batch) / m.latency_ms : 0.0;
  m.dram_bytes = static_cast<std::int64_t>(std::llround(dram_words_total * word_bytes));
  double total_pj = 0.0;
  for (double& e : energy) {
    total_pj += e;
    e *= 1e-6;
  }
  m.energy_uj = total_pj * 1e-6;
  if (options.per_layer) {
    m.layers.reserve(prepared.layer_to_shape.size());
    for (const std::uint32_t u : prepared.layer_to_shape) m.layers.push_back(per_shape[u]);
  }
  return m;
}

}  // namespace archex::cost
