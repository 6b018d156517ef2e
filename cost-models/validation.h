#pragma once
// Predicted vs measured, per layer: what `archex validate` reports.
//
// Measurement CSV (cost-models/csv.h dialect): a `layer` column naming layers
// of the workload, and any of
//   latency_ms   measured processing latency of the layer (> 0)
//   active_pes   PEs the layer's mapping used
//   dram_mb      DRAM traffic, MB (10^6 bytes)
//   power_mw     average power while the layer ran, mW
//   energy_uj    energy of the layer, uJ
// Unknown columns are an error (a typo, usually); an empty cell means "not
// measured".

#include <array>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cost-models/cost_model.h"
#include "workloads/layer.h"

namespace archex::cost {

enum ValidatedMetric : std::uint8_t { kLatencyMs, kActivePes, kDramMb, kPowerMw, kEnergyUj, kValidatedMetrics };
const char* validated_metric_name(ValidatedMetric metric);  // the CSV column

struct MeasuredLayer {
  std::size_t layer = 0;  // index into the workload's layers
  std::string name;
  std::array<std::optional<double>, kValidatedMetrics> measured{};
};

// Throws CostModelError naming the file, line and column (an unknown layer too).
std::vector<MeasuredLayer> read_validation_csv(const std::filesystem::path& file,
                                               std::span<const workload::Layer> layers);

struct ValidationRow {
  std::string layer;
  std::array<std::optional<double>, kValidatedMetrics> measured{}, predicted{};
  // (predicted - measured) / measured, where both exist.
  std::array<std::optional<double>, kValidatedMetrics> relative_error{};
};

struct ValidationReport {
  std::vector<ValidationRow> rows;
  // Mean of |relative error| over the rows that have the metric.
  std::array<std::optional<double>, kValidatedMetrics> mean_abs_error{};
  std::array<std::optional<double>, kValidatedMetrics> max_abs_error{};
};

// `metrics` must carry per-layer metrics (EvaluateOptions::per_layer).
ValidationReport compare_with_measurements(const Metrics& metrics, std::span<const MeasuredLayer> measured);

}  // namespace archex::cost
