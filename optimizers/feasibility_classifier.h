#pragma once
// The feasibility model of `mbo`: a small bootstrap ensemble of MLP
// classifiers trained on every observation (feasible = 1, infeasible = 0);
// the probability of feasibility is their mean sigmoid output.

#include <memory>
#include <vector>

#include "optimizers/feature_encoder.h"
#include "optimizers/mlp_ensemble.h"

namespace archex::opt {

class FeasibilityClassifier {
 public:
  FeasibilityClassifier(const SearchSpace& space, MlpOptions mlp, int steps);

  // The first n_priors observations are priors, weighted prior_weight.
  void fit(const std::vector<const Observation*>& observations, std::size_t n_priors, double prior_weight,
           Rng& rng);
  Eigen::VectorXd probability(const std::vector<Point>& points) const;

  // Incremental fitting (as EnsembleSurrogate::advance): continue training
  // the current nets for `steps` on observations first_new.. plus up to
  // `replay` earlier ones, drawn at random.
  void advance(const std::vector<const Observation*>& observations, std::size_t n_priors, double prior_weight,
               int first_new, int replay, int steps, Rng& rng);
  bool fitted() const { return nets_ != nullptr; }
  void save(StateWriter& out) const;
  // Throws StateFormatError when the saved nets do not fit.
  void load(StateReader& in);

 private:
  FeatureEncoder encoder_;
  MlpOptions mlp_;
  int steps_;
  std::unique_ptr<MlpEnsemble> nets_;
};

}  // namespace archex::opt
