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

  bool contains(const Point& p) const { return (observed_ && observed_->count(p) != 0) || taken_.count(p) != 0; }
  void add(const Point& p) {
    if (!contains(p)) taken_.insert(p);
  }
  std::size_t size() const { return (observed_ ? observed_->size() : 0) + taken_.size(); }
  // True when every point of the space is taken (duplicates are unavoidable).
  bool exhausted() const { return static_cast<double>(size()) >= space_.size(); }

  // A uniformly random point that is not taken, or a uniformly random point
  // when the space is exhausted. Does not mark the result as taken.
  Point random_fresh(Rng& rng) const;

 private:
  const SearchSpace& space_;
  const PointSet* observed_;  // History::observed, when the caller keeps one
  PointSet taken_;            // the rest: everything taken that is not in observed_
};

// Collects a batch of suggestions from one proposer, marking each point taken.
class BatchBuilder {
 public:
  BatchBuilder(const SearchSpace& space, const History& history, std::string proposer, int count)
      : taken_(space, history), proposer_(std::move(proposer)), count_(count) {}

  const TakenPoints& taken() const { return taken_; }
  int size() const { return static_cast<int>(out_.size()); }
  bool full() const { return size() >= count_; }
  void add(Point p) {
    taken_.add(p);
    out_.push_back({std::move(p), proposer_});
  }
  // Completes the batch with uniformly drawn untaken points.
  void fill_random(Rng& rng) {
    while (!full()) add(taken_.random_fresh(rng));
  }
  std::vector<Suggestion> take() { return std::move(out_); }

 private:
  TakenPoints taken_;
  std::string proposer_;
  int count_;
  std::vector<Suggestion> out_;
};

}  // namespace archex::opt
