#pragma once
// A sweep: one template evaluated on every combination of some parameters'
// values (the rest fixed), on one or more workloads, with the energy per MAC
// broken down by the template's storage levels, per layer class. This is how
// archex reproduces dataflow comparisons such as Chen, Emer, Sze (ISCA 2016,
// Fig. 10-11): experiments/specs/dataflow-comparison.yaml.
//
// Spec (YAML):
//   name: dataflow-comparison        # default: the file's stem
//   template: eyeriss_space          # name or file (default: the default template)
//   workloads: [alexnet_original]
//   batch_size: 16                   # default 1
//   set: {pe_rows: 16, pe_cols: 16}  # fixed parameters (others: the baseline)
//   sweep:                           # every combination, in this order
//     dataflow: [row-stationary, weight-stationary, output-stationary, no-local-reuse]
// Values are the parameters' values or, for a choice parameter, its labels.

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "accelerator-template/template.h"
#include "cost-models/cost_model.h"

namespace archex::exp {

struct SweepSpec {
  std::string name;
  std::string template_name;  // "" = default template
  std::vector<std::string> workloads;
  int batch_size = 1;
  std::vector<std::pair<std::string, std::int64_t>> fixed;
  std::vector<std::pair<std::string, std::vector<std::int64_t>>> swept;
};

// Throws explore::SpecError "FILE:LINE:COL: owner: field 'x': expected ..." for
// bad YAML, unknown keys, unknown parameters or values outside the template.
SweepSpec read_sweep_spec(const std::filesystem::path& file);

struct SweepPoint {
  std::string label;          // e.g. "dataflow=row-stationary"
  arch::Config config;
  std::string workload;
  cost::Metrics metrics;      // per layer
};

struct SweepResult {
  arch::Template tmpl;
  std::vector<std::vector<std::string>> layer_names, ops;  // [workload][layer]
  std::vector<std::vector<std::int64_t>> macs;              // [workload][layer], per image
  std::vector<SweepPoint> points;                           // point-major, then workload
};

SweepResult run_sweep(const SweepSpec& spec);

// sweep.csv (per layer), energy_per_mac.csv, summary.md and one stacked-bar
// chart per workload and layer class (energy_<workload>_<class>.svg / .png).
// Returns the summary's text.
std::string write_sweep_outputs(const SweepSpec& spec, const SweepResult& result, const std::filesystem::path& dir);

}  // namespace archex::exp
