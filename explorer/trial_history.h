#pragma once
// The optimizer's view of a study, kept up to date incrementally: priors
// (re-scored elsewhere), finished trials in trial-number order (trials of
// other processes can finish out of order), and the best trial so far.

#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "explorer/trial.h"
#include "optimizers/optimizer.h"

namespace archex::explore {

class TrialHistory {
 public:
  // The minimisation objectives of an infeasible trial that was evaluated but
  // violates a constraint (from its metrics), or nothing (empty); asked only
  // for trials stored without their objective values (schema version 1).
  using ViolatingValues = std::function<std::vector<double>(const TrialRecord&)>;

  // `directions`: one per objective, the first decides "best".
  TrialHistory(std::vector<opt::Observation> priors, std::vector<Direction> directions,
               ViolatingValues violating_values = {});

  // Adds finished trials; a number already present is ignored (finished
  // trials never change, so merging the same trial twice is harmless).
  void merge(std::span<const TrialRecord> finished);
  // A view for Optimizer::suggest; valid until the next merge.
  opt::History view(std::span<const opt::Point> pending) const;

  int finished() const { return static_cast<int>(trials_.size()); }
  int prior_count() const { return static_cast<int>(priors_.size()); }
  // Best complete trial of this study (not priors), user-facing value.
  struct Best {
    int number = 0;
    double value = 0.0;
  };
  const std::optional<Best>& best() const { return best_; }

 private:
  std::vector<opt::Observation> priors_;
  std::vector<Direction> directions_;
  ViolatingValues violating_values_;
  std::vector<int> numbers_;               // ascending
  std::vector<opt::Observation> trials_;   // parallel to numbers_
  opt::PointSet observed_;                 // points of priors_ and trials_
  std::optional<Best> best_;
};

}  // namespace archex::explore
