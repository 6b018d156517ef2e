#include "optimizers/feasibility_classifier.h"

#include "optimizers/random_utils.h"

namespace archex::opt {

namespace {
constexpr int kNets = 3;  // bootstrap replicas
}  // namespace

FeasibilityClassifier::FeasibilityClassifier(const SearchSpace& space, MlpOptions mlp, int steps)
    : encoder_(space), mlp_(mlp), steps_(steps) {}

void FeasibilityClassifier::fit(const std::vector<const Observation*>& observations, std::size_t n_priors,
                                double prior_weight, Rng& rng) {
  const int n = static_cast<int>(observations.size());
  std::vector<Point> points;
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) {
    points.push_back(observations[i]->point);
    y[i] = observations[i]->feasible ? 1.0 : 0.0;
  }
  Eigen::MatrixXd weights = Eigen::MatrixXd::Zero(n, kNets);
  for (int e = 0; e < kNets; ++e)
    for (int draw = 0; draw < n; ++draw) {
      const int i = uniform_index(rng, n);
      weights(i, e) += static_cast<std::size_t>(i) < n_priors ? prior_weight : 1.0;
    }
  nets_ = std::make_unique<MlpEnsemble>(kNets, encoder_.num_features(), mlp_, rng);
  nets_->train(encoder_.encode(points), y, weights, true, steps_);
}

Eigen::VectorXd FeasibilityClassifier::probability(const std::vector<Point>& points) const {
  const Eigen::MatrixXd logits = nets_->predict(encoder_.encode(points));
  return (1.0 / (1.0 + (-logits.array()).exp())).rowwise().mean();
}

}  // namespace archex::opt
