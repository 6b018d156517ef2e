#include "optimizers/feasibility_classifier.h"

#include <algorithm>

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

void FeasibilityClassifier::advance(const std::vector<const Observation*>& observations, std::size_t n_priors,
                                    double prior_weight, int first_new, int replay, int steps, Rng& rng) {
  const int n = static_cast<int>(observations.size());
  std::vector<int> rows(first_new);
  for (int i = 0; i < first_new; ++i) rows[i] = i;
  const int keep = std::min(replay, first_new);
  for (int i = 0; i < keep; ++i) std::swap(rows[i], rows[i + uniform_index(rng, first_new - i)]);
  rows.resize(keep);
  for (int i = first_new; i < n; ++i) rows.push_back(i);
  const int m = static_cast<int>(rows.size());
  std::vector<Point> points;
  Eigen::VectorXd y(m);
  for (int r = 0; r < m; ++r) {
    points.push_back(observations[rows[r]]->point);
    y[r] = observations[rows[r]]->feasible ? 1.0 : 0.0;
  }
  Eigen::MatrixXd weights = Eigen::MatrixXd::Zero(m, kNets);
  for (int e = 0; e < kNets; ++e)
    for (int draw = 0; draw < m; ++draw) {
      const int r = uniform_index(rng, m);
      weights(r, e) += static_cast<std::size_t>(rows[r]) < n_priors ? prior_weight : 1.0;
    }
  nets_->train(encoder_.encode(points), y, weights, true, steps);
}

void FeasibilityClassifier::save(StateWriter& out) const { nets_->save(out); }

void FeasibilityClassifier::load(StateReader& in) {
  auto nets = std::make_unique<MlpEnsemble>(MlpEnsemble::load(in, mlp_));
  if (nets->nets() != kNets || nets->inputs() != encoder_.num_features())
    throw StateFormatError("the saved feasibility nets have another shape");
  nets_ = std::move(nets);
}

Eigen::VectorXd FeasibilityClassifier::probability(const std::vector<Point>& points) const {
  const Eigen::MatrixXd logits = nets_->predict(encoder_.encode(points));
  return (1.0 / (1.0 + (-logits.array()).exp())).rowwise().mean();
}

}  // namespace archex::opt
