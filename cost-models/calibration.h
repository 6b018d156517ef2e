#pragma once
// Fitting the analytical model's efficiency / overhead coefficients
// (AnalyticalOptions: compute_efficiency, onchip_efficiency, dram_efficiency,
// layer_overhead_cycles) to measured per-layer cycle counts from RTL or a
// cycle-accurate simulator, with Ceres Solver.
//
// Model fitted, per measured layer (raw components from layer_model.h for
// the edge model; from each dataflow's best mapping for architecture
// templates, cost-models/hierarchy_model.h):
//   cycles = min over dataflows of max(compute / ce, onchip / oe, dram / de) + overhead
// minimising the squared relative error (predicted - measured) / measured.
//
// Measurement CSV (comma-separated, header row required, '#' lines ignored):
//   layer   name of a layer of the workload (as `archex evaluate` prints it)
//   cycles  measured cycles of that layer (> 0)
//   <parameter> ...  optional: any template parameter as a column; that row's
//                    config takes these values, the rest from the base config.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "accelerator-template/template.h"
#include "cost-models/analytical_options.h"
#include "cost-models/prepared_workload.h"

namespace archex::cost {

class HierarchyModel;

struct Measurement {
  std::size_t layer = 0;  // index into the workload's layers
  arch::Config config;
  double cycles = 0.0;
};

// Throws CostModelError naming the file, line and column.
std::vector<Measurement> read_measurements_csv(const std::filesystem::path& file, const arch::Template& tmpl,
                                               const arch::Config& base,
                                               std::span<const workload::Layer> layers);

struct CalibrationOptions {
  int max_iterations = 200;  // Ceres trust-region iterations, >= 1
  // The coefficients start from these (and the non-fitted fields are kept).
  AnalyticalOptions start;
  void validate() const;  // throws CostModelError
};

struct CalibrationResult {
  AnalyticalOptions options;        // start with the four fitted fields replaced
  std::size_t samples = 0;
  double initial_rms_relative_error = 0.0;
  double final_rms_relative_error = 0.0;
  // Samples whose fitted prediction is bound by compute / on-chip / DRAM /
  // overhead: a coefficient with no sample bound by it is not determined by
  // the data and stays near its start value.
  std::size_t bound_counts[4] = {0, 0, 0, 0};
  std::string solver_report;        // Ceres brief report
};

CalibrationResult calibrate(const arch::Template& tmpl, const PreparedWorkload& workload,
                            std::span<const Measurement> measurements, const CalibrationOptions& options = {});

// Architecture templates (cost-models/hierarchy_model.h): the same four
// coefficients (sustained compute / on-chip / DRAM rates and the per-layer
// overhead) fitted the same way, the candidates being each dataflow's best
// mapping at the model's current rates. `options.start` holds the starting
// values (the rest of AnalyticalOptions is unused); measurements at
// `batch_size` images.
CalibrationResult calibrate(const HierarchyModel& model, const workload::Workload& workload,
                            std::span<const Measurement> measurements, int batch_size,
                            const CalibrationOptions& options);

}  // namespace archex::cost
