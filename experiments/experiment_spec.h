#pragma once
// An experiment: a grid of studies (optimizers x workloads x area budgets x
// seeds, plus transfer pairs) described by one YAML file. Every cell is an
// ordinary study in the database, named predictably, so re-running the spec
// skips finished studies and resumes unfinished ones.
//
//   name: apollo-transfer-quick
//   objective: latency                  # latency | geomean-speedup | perf-per-area
//   workloads: [mobilenet_v2]           # one study per workload ...
//   workload_sets:                      # ... and/or one per named set
//     - {name: edge4, workloads: [mobilenet_v2, resnet50]}   # "name:weight" allowed
//   budgets: [6.8, 4.8]                 # mm^2 (not with perf-per-area)
//   optimizers: [random, {name: evolution, settings: {population: 50}}]
//   seeds: 3                            # 0..2, or a list [0, 7, 9]
//   trials: 200
//   jobs: 1
//   batch: 1                            # points proposed per optimizer call
//   transfer: [{from: 6.8, to: 4.8}]    # also run each `to` cell warm-started from its `from` cell
//   # or from the `from` cells of the listed optimizers (same workload, seed):
//   #   transfer: [{from: 6.8, to: 4.8, sources: [random, evolution]}]
//   evaluator: {command: "sim.py", timeout_s: 600}  # an external evaluator for every study

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "explorer/study_spec.h"

namespace archex::exp {

struct ExperimentOptimizer {
  std::string name;
  opt::Settings settings;
  std::string label;  // in study names; defaults to the name (must be unique)
};

struct WorkloadGroup {
  std::string label;  // in study names: the workload, or the set's name
  std::vector<explore::WorkloadEntry> workloads;
};

struct TransferPair {
  double from_mm2 = 0.0;
  double to_mm2 = 0.0;
  // Optimizer labels whose `from` cells are the priors: every optimizer's
  // `to` cell is run warm-started from each of them (transfer robustness).
  // Empty: from its own `from` cell.
  std::vector<std::string> sources;
};

struct ExperimentSpec {
  std::string name;
  // The fields every study of the grid shares: the study fields marked
  // `in_experiments` (template, cost model, objectives, constraints, trials,
  // jobs, batch, evaluator; explorer/study_fields.cpp), read and filled as a
  // study spec's. Its name, workloads, budget, optimizer, seed and priors are
  // set per cell.
  explore::StudySpec study;
  std::vector<WorkloadGroup> workloads;
  std::vector<double> budgets;  // empty iff the objective has no budget
  std::vector<ExperimentOptimizer> optimizers;
  std::vector<std::uint64_t> seeds;
  std::vector<TransferPair> transfers;
};

// One study of the grid. Cells come in dependency order: a transfer cell
// follows the source study it takes priors from.
struct ExperimentCell {
  explore::StudySpec spec;
  bool transfer = false;
  std::string label;  // the optimizer's label in the spec (its name unless given)
};

// Parses and validates; throws explore::SpecError "FILE:LINE:COL: field 'x': ..." for an
// unreadable file, bad YAML, unknown keys, ill-typed or out-of-range values.
ExperimentSpec read_experiment_spec(const std::filesystem::path& file);
ExperimentSpec parse_experiment_spec(const std::string& yaml_text, const std::string& source);

// The study name of a cell: "<experiment>.<workload>[.<budget>mm2].<optimizer>.s<seed>[.from<budget>mm2]".
std::vector<ExperimentCell> expand_cells(const ExperimentSpec& spec);

// `--shard I/N` (1 <= I <= N): which slice of the grid one process runs.
struct Shard {
  int index = 1, count = 1;
};
// Parses "I/N"; throws SpecError naming --shard.
Shard parse_shard(const std::string& text);
// The cells of shard I of N: cells are dealt round-robin in groups, a
// transfer cell staying with the study it takes priors from (same database).
std::vector<ExperimentCell> shard_cells(const std::vector<ExperimentCell>& cells, const Shard& shard);

}  // namespace archex::exp
