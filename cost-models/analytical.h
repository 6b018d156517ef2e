#pragma once
// The analytical cost model: per layer, the best of three dataflows on the
// PE grid (cost-models/layer_model.h), latency = max(compute, on-chip, DRAM)
// cycles (double buffering) + a fixed overhead, energy from access counts per
// memory level, area from the template's area model. Pure and thread-safe.
//
// Speed: evaluate(workload, config) reduces a workload once to a compact
// summary (cost-models/prepared_workload.h), cached per workload object (keyed
// by its address and checked against a fingerprint of its contents), and then
// allocates nothing unless per-layer metrics are asked for. Callers that own
// the workload's lifetime may call prepare() once and evaluate_prepared().

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "accelerator-template/area_model.h"
#include "accelerator-template/hardware.h"
#include "accelerator-template/template.h"
#include "cost-models/analytical_options.h"
#include "cost-models/cost_model.h"
#include "cost-models/layer_model.h"
#include "cost-models/prepared_workload.h"

namespace archex::cost {

class AnalyticalModel final : public CostModel {
 public:
  // Throws CostModelError if the template lacks an edge-template parameter or
  // the options are invalid.
  explicit AnalyticalModel(const arch::Template& tmpl, const AnalyticalOptions& options = {});

  std::string name() const override { return "analytical"; }
  std::string version() const override { return version_; }
  Metrics evaluate(const workload::Workload& workload, const arch::Config& config,
                   const EvaluateOptions& options = {}) const override;
  double area_mm2(const arch::Config& config) const override;
  std::vector<std::pair<std::string, double>> area_components(const arch::Config& config) const override;

  std::shared_ptr<const PreparedWorkload> prepare(const workload::Workload& workload) const;
  // The prepared summary carries the layer names used in infeasibility reasons.
  Metrics evaluate_prepared(const PreparedWorkload& prepared, const arch::Config& config,
                            const EvaluateOptions& options = {}) const;

  // Raw per-layer candidates (one entry per workload layer), before
  // efficiencies and overhead: what calibration fits against.
  std::vector<LayerCandidates> analyse(const workload::Workload& workload, const arch::Config& config) const;

  arch::AreaBreakdown area_breakdown(const arch::Config& config) const;
  const AnalyticalOptions& options() const { return options_; }
  const arch::Template& model_template() const { return template_; }

 private:
  arch::Template template_;
  arch::HardwareResolver resolver_;
  AnalyticalOptions options_;
  std::string version_;

  PreparedWorkloadCache cache_;
};

}  // namespace archex::cost
