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
#include <string>
#include <utility>
#include <vector>

#include "accelerator-template/architecture.h"
#include "accelerator-template/template.h"
#include "cost-models/cost_model.h"
#include "cost-models/prepared_workload.h"

namespace archex::cost {

class HierarchyModel final : public CostModel {
 public:
  // Throws CostModelError when the template has no architecture section.
  explicit HierarchyModel(const arch::Template& tmpl);

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

 private:
  void fill_area(const arch::ResolvedArchitecture& resolved, std::vector<double>& out) const;

  arch::Template template_;
  const arch::Architecture* architecture_;
  std::string version_;
  std::shared_ptr<const std::vector<std::string>> area_names_, energy_names_;
  std::vector<int> network_energy_slot_;  // per level: index into the energy breakdown, or -1
  std::array<bool, kOperatorClasses> supported_{};  // by OperatorClass (architecture `supports:`)
  PreparedWorkloadCache cache_;
};

}  // namespace archex::cost
