#pragma once
// The generic analytical cost model of architecture templates (a template
// with an `architecture:` section, accelerator-template/architecture.h).
// Per layer and dataflow, cost-models/hierarchy_mapping.h maps the loop nest
// onto the fan-outs and storage levels and counts the words each level moves;
// latency = max(compute cycles, every level's transfer cycles at its
// bandwidth, DRAM transfer at the interface bandwidth) + the template's
// per-layer overhead (double buffering hides the shorter ones), energy =
// MACs x MAC energy + accesses x per-access energy + network words x network
// energy, area = cells of every level + MACs + per-element overheads.
// Templates with a dataflow parameter use the config's dataflow; otherwise
// each layer takes the fastest dataflow (ties: the least energy).
// Pure and thread-safe.

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "accelerator-template/architecture.h"
#include "accelerator-template/template.h"
#include <nlohmann/json_fwd.hpp>

#include "cost-models/cost_model.h"
#include "cost-models/hierarchy_mapping.h"
#include "cost-models/prepared_workload.h"

namespace archex::cost {

// What `archex calibrate` fits for an architecture template: the sustained
// fractions of its ideal rates and the per-layer overhead (unset: the
// template's own `layer_overhead_cycles`).
struct HierarchyCalibration {
  RateEfficiency efficiency;
  std::optional<double> layer_overhead_cycles;
};
// The calibration file (`archex calibrate --out`); keys compute_efficiency,
// onchip_efficiency, dram_efficiency, layer_overhead_cycles, each optional.
nlohmann::json calibration_to_json(const HierarchyCalibration& calibration);
// Throws CostModelError naming the key: unknown keys, efficiencies outside
// [0.001, 1], an overhead outside [0, 1e12] cycles.
HierarchyCalibration calibration_from_json(const nlohmann::json& json);

class HierarchyModel final : public CostModel {
 public:
  // Throws CostModelError when the template has no architecture section.
  explicit HierarchyModel(const arch::Template& tmpl, const HierarchyCalibration& calibration = {});

  std::string name() const override { return "analytical"; }
  std::string version() const override { return version_; }
  Metrics evaluate(const workload::Workload& workload, const arch::Config& config,
                   const EvaluateOptions& options = {}) const override;
  double area_mm2(const arch::Config& config) const override;
  std::vector<std::pair<std::string, double>> area_components(const arch::Config& config) const override;

  // Area per component (names: area_names()), mm^2.
  std::vector<double> area_breakdown(const arch::Config& config) const;
  const std::vector<std::string>& area_names() const { return *area_names_; }
  const std::vector<std::string>& energy_names() const { return *energy_names_; }

  // Per layer of `workload` (in its order), the ideal-rate cycle components
  // of every mappable dataflow's best mapping (one entry for element-wise,
  // copy and input layers, none for free ones): what calibration fits.
  // Throws CostModelError when the config is infeasible.
  std::vector<std::vector<CycleComponents>> layer_cycle_components(const workload::Workload& workload,
                                                                   const arch::Config& config, int batch_size) const;
  const HierarchyCalibration& calibration() const { return calibration_; }

 private:
  using ComponentsByShape = std::vector<std::vector<CycleComponents>>;
  Metrics run(const workload::Workload& workload, const arch::Config& config, const EvaluateOptions& options,
              ComponentsByShape* components) const;
  void fill_area(const arch::ResolvedArchitecture& resolved, std::vector<double>& out) const;

  arch::Template template_;
  const arch::Architecture* architecture_;
  HierarchyCalibration calibration_;
  double layer_overhead_cycles_ = 0.0;  // the calibrated one, else the template's
  std::string version_;
  std::shared_ptr<const std::vector<std::string>> area_names_, energy_names_;
  std::vector<int> network_energy_slot_;  // per level: index into the energy breakdown, or -1
  std::array<bool, kOperatorClasses> supported_{};  // by OperatorClass (architecture `supports:`)
  PreparedWorkloadCache cache_;
};

}  // namespace archex::cost
