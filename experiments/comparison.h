#pragma once
// Comparison of optimizer studies: groups studies into panels (workload,
// objective, budget) and series (optimizer, with/without transfer), and writes
// curves.csv, summary.csv, summary.md, one plot per panel and report.html.
// Independent of storage: studies arrive as StudyRecords.

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "experiments/curves.h"
#include "experiments/importance_view.h"

namespace archex::exp {

struct ComparedStudy {
  std::string study;       // study name
  std::string database;    // file it came from
  std::string workload;    // workload or workload-set name
  std::string objective;   // "latency", "geomean-speedup", "perf-per-area"
  std::string objective_unit;  // e.g. "ms"; empty for unitless
  bool maximize = false;
  std::optional<double> budget_mm2;  // none for perf-per-area
  std::string optimizer;
  // The series a study belongs to: its optimizer with its settings (or the
  // experiment's label for it). Studies are pooled over seeds only when this
  // and the rest of their spec (`pool_key`) agree.
  std::string label;
  std::string pool_key;
  std::uint64_t seed = 0;
  std::string prior;        // transfer source study ("" = none)
  std::optional<double> baseline_objective;  // the template baseline under the same objective
  std::vector<CurvePoint> trials;            // in trial-number order
  // The study's best design (single objective): where it is, its config as
  // written ("pe_x=8 core_memory=128KiB ..."), its value and stored metrics.
  struct BestDesign {
    int trial = 0;
    double value = 0.0;
    std::string config;
    std::string metrics_json;
  };
  std::optional<BestDesign> best;
  // Several objectives: their axis labels ("latency (ms)") and the study's
  // final Pareto front (complete trials no other beats in every objective),
  // user-facing values, one vector per front member.
  std::vector<std::string> objective_axes;
  std::vector<std::vector<double>> front;
  ImportanceInput importance;  // every finished trial's point and value
};

// Where a comparison came from, for the report's provenance.
struct ComparisonSource {
  std::string experiment_spec;         // "" when studies were picked by name
  std::vector<std::string> databases;
};

struct CompareOptions {
  double reach_fraction = 0.95;  // "trials to reach 95 % of the best found in the panel"
  bool plots = true;             // false: CSV / Markdown / HTML only (no gnuplot)
  ComparisonSource source;
};

struct SeriesSummary {
  std::string panel;
  std::string series;
  std::size_t seeds = 0;
  std::size_t trials = 0;  // shortest study length in the series
  MeanStd final_best;
  std::optional<double> median_final_best;
  // Median best-so-far over seeds at fixed trial counts (100, 500, 1000, 4096
  // where the studies are that long): the "at equal trial counts" comparison.
  std::vector<std::pair<std::size_t, double>> median_best_at;
  std::optional<double> median_trials_to_reach;  // over the seeds that reach it
  std::size_t seeds_reaching = 0;                // how many seeds reach it at all
  double feasibility_ratio = 0.0;  // feasible trials / all trials, over seeds
  std::optional<double> speedup_over_baseline;  // median final best vs the baseline
  std::optional<double> transfer_gain;  // with priors vs without, median final best ratio
  std::optional<std::pair<double, double>> transfer_gain_interval;  // 95 %, bootstrap over seeds
  bool negative_transfer = false;  // the whole interval below 1
};

struct ComparisonResult {
  std::vector<SeriesSummary> summaries;
  std::vector<std::filesystem::path> files;  // everything written
};

// Throws std::invalid_argument when `studies` is empty or std::runtime_error
// when a file cannot be written / gnuplot fails.
ComparisonResult write_comparison(const std::vector<ComparedStudy>& studies, const std::filesystem::path& out_dir,
                                  const CompareOptions& options = {});

}  // namespace archex::exp
