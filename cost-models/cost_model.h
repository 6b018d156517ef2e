#pragma once
// The cost-model interface: (workload, accelerator config) -> metrics.
// Implementations are pure and thread-safe: evaluate() may be called from many
// threads on one instance.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "accelerator-template/template.h"
#include "workloads/workload.h"

namespace archex::cost {

enum class Bound : std::uint8_t { kCompute, kOnChip, kDram, kOverhead };

struct LayerMetrics {
  std::int64_t cycles = 0;
  Bound bound = Bound::kCompute;
  double utilization = 0.0;  // achieved MACs/cycle over peak MACs/cycle, 0..1
  std::int64_t dram_bytes = 0;
  double energy_pj = 0.0;
  std::string dataflow;      // chosen mapping, e.g. "weight-stationary"
  double latency_ms = 0.0;
  std::int64_t active_pes = -1;  // PEs the mapping uses; -1 where the model does not say
  // Architecture templates: this layer's energy by Metrics::energy_by_name's names.
  std::vector<double> energy_pj_by_level;
};

// A breakdown keyed by the names a template declares (its storage levels and
// components). The names are shared with the model: no copy per evaluation.
struct NamedValues {
  std::shared_ptr<const std::vector<std::string>> names;
  std::vector<double> values;
  bool empty() const { return names == nullptr; }
};

// Area per component, mm^2.
enum AreaComponent : std::uint8_t { kAreaMacs, kAreaCoreMem, kAreaPeMem, kAreaGlobalMem, kAreaNoc, kAreaIo, kAreaControl, kAreaComponents };
// Energy per level, micro-joules per inference.
enum EnergyLevel : std::uint8_t { kEnergyMac, kEnergyRegister, kEnergyPeArray, kEnergyGlobalBuffer, kEnergyDram, kEnergyLevels };

struct Metrics {
  bool feasible = true;
  std::string reason;             // why infeasible (empty when feasible)
  std::int64_t latency_cycles = 0;
  double latency_ms = 0.0;
  double throughput_ips = 0.0;    // inferences per second
  double area_mm2 = 0.0;
  double energy_uj = 0.0;
  std::array<double, kAreaComponents> area_mm2_by_component{};
  std::array<double, kEnergyLevels> energy_uj_by_level{};
  // Architecture templates: area and energy keyed by the template's own names
  // (when set, these replace the two fixed arrays above in every output).
  NamedValues area_by_name, energy_by_name;
  std::int64_t dram_bytes = 0;
  std::vector<LayerMetrics> layers;  // per layer, filled only when asked for
};

// The largest batch a model evaluates: counts of bytes and cycles scale with it.
inline constexpr int kMaxBatchSize = 65536;

struct EvaluateOptions {
  bool per_layer = false;  // fill Metrics::layers (costs allocation; off in the search loop)
  int batch_size = 1;      // images per evaluation; weights are reused across them (1 .. kMaxBatchSize)
};

class CostModel {
 public:
  virtual ~CostModel() = default;
  virtual std::string name() const = 0;
  // Changes whenever the model's numbers change; part of the evaluation-cache key.
  virtual std::string version() const = 0;
  virtual Metrics evaluate(const workload::Workload& workload, const arch::Config& config,
                           const EvaluateOptions& options = {}) const = 0;
  // Area alone (no workload): the budget check.
  virtual double area_mm2(const arch::Config& config) const = 0;
  // Area per component, named as the template names them, mm^2.
  virtual std::vector<std::pair<std::string, double>> area_components(const arch::Config& config) const {
    return {{"total", area_mm2(config)}};
  }
};

}  // namespace archex::cost
