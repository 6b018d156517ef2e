#pragma once
// Maximises an acquisition function over a discrete space, for the
// model-based optimizers (gp-bandit, mbo). Small spaces are enumerated;
// otherwise an evolutionary search (in the spirit of the firefly/"eagle"
// strategy OSS Vizier uses) starts from mutations of the best observed
// points plus uniform points, and for a few generations breeds children of
// tournament winners by mutation and crossover. Scoring is batched so the
// surrogate can use matrix operations.

#include <functional>
#include <vector>

#include "optimizers/fresh_points.h"
#include "optimizers/optimizer.h"

namespace archex::opt {

// Scores points; higher is better. Called with batches of points.
using BatchScorer = std::function<std::vector<double>(const std::vector<Point>&)>;

struct ScoredPoint {
  Point point;
  double score = 0;
};

struct AcquisitionSearchOptions {
  int generations = 10;       // breeding rounds after the initial pool
  int pool = 100;             // best candidates kept between rounds (and children per round)
  int local_fraction_pct = 50;  // % of the initial pool that mutates `anchors` (rest uniform)
  // Spaces with at most this many points are enumerated instead of searched.
  double enumerate_up_to = 4096;
};

// Returns every distinct candidate scored (none of them taken), best first.
// `anchors` are points to search around first, best first (e.g. the best
// observations); they need not be untaken.
std::vector<ScoredPoint> maximise_acquisition(const SearchSpace& space, const BatchScorer& score,
                                              const std::vector<Point>& anchors, const TakenPoints& taken,
                                              const AcquisitionSearchOptions& options, Rng& rng);

}  // namespace archex::opt
