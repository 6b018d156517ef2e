#pragma once
// Best-so-far curves of studies and their spread over seeds: the data behind
// every optimizer-comparison plot and table.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace archex::exp {

// One finished trial as the comparison sees it.
struct CurvePoint {
  bool feasible = false;
  double objective = 0.0;  // user-facing value (only when feasible)
};

// Running best of a study's trials in trial order; nullopt until the first
// feasible trial. `maximize` selects the direction of "best".
std::vector<std::optional<double>> best_so_far(const std::vector<CurvePoint>& trials, bool maximize);

// Statistics over seeds at one trial number.
struct BandPoint {
  std::size_t trial = 0;  // 1-based trial count
  std::size_t seeds = 0;  // how many seeds have a feasible best by then
  double mean = 0.0;
  double median = 0.0;
  double q25 = 0.0;
  double q75 = 0.0;
};

// Aggregates several seeds' best-so-far curves per trial number. A point is
// emitted wherever at least one seed has a feasible best, over the seeds that
// have one (BandPoint::seeds says how many: early on, or when a seed never
// finds a feasible design, fewer than all); curves may differ in length: the
// band stops at the shortest.
std::vector<BandPoint> aggregate_over_seeds(const std::vector<std::vector<std::optional<double>>>& curves);

// Linear-interpolated quantile (q in [0,1]) of unsorted values (not empty).
double quantile(std::vector<double> values, double q);

struct MeanStd {
  double mean = 0.0;
  double std = 0.0;  // sample standard deviation (0 for one value)
};
MeanStd mean_std(const std::vector<double>& values);

// First trial count at which the curve is within `fraction` of `target`
// (e.g. 0.95 of the best found: value <= target / 0.95 when minimising,
// >= 0.95 * target when maximising); nullopt if never.
std::optional<std::size_t> trials_to_reach(const std::vector<std::optional<double>>& curve, double target,
                                           double fraction, bool maximize);

}  // namespace archex::exp
