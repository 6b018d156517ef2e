#pragma once
// Bookkeeping shared by all optimizers: which points are already taken
// (observed, running, or proposed earlier in this batch), and a uniform draw
// among the points that are not.

#include "optimizers/optimizer.h"
#include "optimizers/point_set.h"

namespace archex::opt {

class TakenPoints {
 public:
  // Marks priors, trials and pending points as taken: a prior's metrics are
  // already known (the explorer re-scores them), so running it again would
  // waste a trial.
  TakenPoints(const SearchSpace& space, const History& history);

  bool contains(const Point& p) const { return taken_.count(p) != 0; }
  void add(const Point& p) { taken_.insert(p); }
  std::size_t size() const { return taken_.size(); }
  // True when every point of the space is taken (duplicates are unavoidable).
  bool exhausted() const { return static_cast<double>(taken_.size()) >= space_.size(); }

  // A uniformly random point that is not taken, or a uniformly random point
  // when the space is exhausted. Does not mark the result as taken.
  Point random_fresh(Rng& rng) const;

 private:
  const SearchSpace& space_;
  PointSet taken_;
};

}  // namespace archex::opt
