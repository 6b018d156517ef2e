#include "cost-models/validation.h"

#include <cmath>
#include <unordered_map>

#include "cost-models/csv.h"
#include "cost-models/registry.h"

namespace archex::cost {

const char* validated_metric_name(ValidatedMetric metric) {
  static constexpr const char* kNames[kValidatedMetrics] = {"latency_ms", "active_pes", "dram_mb", "power_mw",
                                                            "energy_uj"};
  return kNames[metric];
}

std::vector<MeasuredLayer> read_validation_csv(const std::filesystem::path& file,
                                               std::span<const workload::Layer> layers) {
  const CsvTable table = read_csv_table(file);
  const int layer_column = table.column("layer");
  if (layer_column < 0) throw CostModelError(table.file + ": the header must name a 'layer' column");
  std::array<int, kValidatedMetrics> columns{};
  for (int m = 0; m < kValidatedMetrics; ++m) columns[m] = table.column(validated_metric_name(static_cast<ValidatedMetric>(m)));
  for (const std::string& name : table.header) {
    bool known = name == "layer";
    for (int m = 0; m < kValidatedMetrics; ++m) known |= name == validated_metric_name(static_cast<ValidatedMetric>(m));
    if (!known)
      throw CostModelError(table.file + ": unknown column '" + name +
                           "'; expected layer, latency_ms, active_pes, dram_mb, power_mw, energy_uj");
  }
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < layers.size(); ++i) index.emplace(layers[i].name, i);
  std::vector<MeasuredLayer> out;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    MeasuredLayer m;
    m.name = table.rows[r][static_cast<std::size_t>(layer_column)];
    const auto it = index.find(m.name);
    if (it == index.end())
      throw CostModelError(table.where(r) + ": layer '" + m.name + "' is not a layer of the workload");
    m.layer = it->second;
    for (int k = 0; k < kValidatedMetrics; ++k)
      if (columns[k] >= 0 && !table.rows[r][static_cast<std::size_t>(columns[k])].empty())
        m.measured[k] = positive_cell(table, r, columns[k]);
    out.push_back(std::move(m));
  }
  return out;
}

ValidationReport compare_with_measurements(const Metrics& metrics, std::span<const MeasuredLayer> measured) {
  ValidationReport report;
  std::array<double, kValidatedMetrics> sum{};
  std::array<int, kValidatedMetrics> count{};
  std::array<double, kValidatedMetrics> worst{};
  for (const MeasuredLayer& m : measured) {
    if (m.layer >= metrics.layers.size())
      throw CostModelError("layer '" + m.name + "' has no per-layer metrics (evaluate with per_layer)");
    const LayerMetrics& l = metrics.layers[m.layer];
    ValidationRow row;
    row.layer = m.name;
    row.measured = m.measured;
    row.predicted[kLatencyMs] = l.latency_ms;
    if (l.active_pes >= 0) row.predicted[kActivePes] = static_cast<double>(l.active_pes);
    row.predicted[kDramMb] = static_cast<double>(l.dram_bytes) * 1e-6;
    row.predicted[kEnergyUj] = l.energy_pj * 1e-6;
    if (l.latency_ms > 0.0) row.predicted[kPowerMw] = l.energy_pj * 1e-6 / l.latency_ms;  // uJ / ms = mW
    for (int k = 0; k < kValidatedMetrics; ++k) {
      if (!row.measured[k] || !row.predicted[k]) continue;
      const double error = (*row.predicted[k] - *row.measured[k]) / *row.measured[k];
      row.relative_error[k] = error;
      sum[k] += std::abs(error);
      worst[k] = std::max(worst[k], std::abs(error));
      ++count[k];
    }
    report.rows.push_back(std::move(row));
  }
  for (int k = 0; k < kValidatedMetrics; ++k) {
    if (count[k] == 0) continue;
    report.mean_abs_error[k] = sum[k] / count[k];
    report.max_abs_error[k] = worst[k];
  }
  return report;
}

}  // namespace archex::cost
