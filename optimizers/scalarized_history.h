#pragma once
// Several objectives for a model of one: each observation's objective vector
// becomes one value by a random hypervolume scalarisation (Golovin & Zhang
// 2020, "Random hypervolume scalarizations for provable multi-objective black
// box optimization"; OSS Vizier uses it too),
//     s(y) = min_k ( max(0, r_k - y'_k) / lambda_k )^K,
// where y' is y normalised to [0, 1] over what was observed, r = 1.1 (just
// beyond the worst observed value) and lambda a random direction on the
// positive unit sphere, drawn once per batch from the study's Rng. Maximising
// s over many draws of lambda covers the Pareto front; the single-objective
// model then minimises -s. A model that fits the scalarised data rather
// than one model per objective is ParEGO's recipe (Knowles 2006).

#include <vector>

#include "optimizers/optimizer.h"

namespace archex::opt {

class ScalarizedHistory {
 public:
  // `history.objectives` > 1; draws lambda from `rng`.
  ScalarizedHistory(const History& history, Rng& rng);
  // The same history with one minimised value per observation (objectives = 1).
  History view() const;
  const std::vector<double>& weights() const { return lambda_; }

 private:
  std::vector<Observation> priors_, trials_;
  History base_;
  std::vector<double> lambda_;
};

// The scalarisation above for one normalised vector.
double hypervolume_scalarization(const std::vector<double>& normalized, const std::vector<double>& lambda,
                                 double reference = 1.1);

}  // namespace archex::opt
