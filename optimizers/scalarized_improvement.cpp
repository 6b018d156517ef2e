#include "optimizers/scalarized_improvement.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "optimizers/random_utils.h"

namespace archex::opt {
namespace {

// Below every improving score (those are > 0): a dominated candidate scores
// kSlope x (margin + p - 1) <= 0.
constexpr double kSlope = 1e-3;

// c_K = pi^(K/2) / (2^K Gamma(K/2 + 1)): the volume of the positive orthant
// of the unit K-ball (Golovin & Zhang 2020, Lemma 5).
double orthant_ball_volume(int k) {
  return std::pow(std::numbers::pi, k / 2.0) / (std::pow(2.0, k) * std::tgamma(k / 2.0 + 1.0));
}

}  // namespace

GainScale::GainScale(double reference_label, double best_label)
    : reference(reference_label), best(best_label > reference_label ? best_label : reference_label + 1.0) {}

ScalarizedImprovement::ScalarizedImprovement(int objectives, int directions, Rng& rng)
    : k_(std::max(1, objectives)), best_(std::max(1, directions), 0.0) {
  for (int d = 0; d < static_cast<int>(best_.size()); ++d) {
    // |N(0, 1)| components, normalised: uniform on the positive unit sphere
    // (bounded away from 0 so no objective's weight vanishes).
    std::vector<double> lambda(k_);
    double norm = 0.0;
    for (double& l : lambda) {
      l = std::max(1e-3, std::abs(standard_normal(rng)));
      norm += l * l;
    }
    for (double l : lambda) inverse_lambda_.push_back(std::sqrt(norm) / l);
  }
}

double ScalarizedImprovement::scalarize(std::span<const double> gains, const double* inverse_lambda, int k) {
  double m = std::max(0.0, gains[0]) * inverse_lambda[0];
  for (int i = 1; i < k; ++i) m = std::min(m, std::max(0.0, gains[i]) * inverse_lambda[i]);
  double s = m;
  for (int i = 1; i < k; ++i) s *= m;
  return s;
}

void ScalarizedImprovement::add(std::span<const double> gains) {
  for (std::size_t d = 0; d < best_.size(); ++d)
    best_[d] = std::max(best_[d], scalarize(gains, &inverse_lambda_[d * k_], k_));
}

ScalarizedImprovement::AgainstFront ScalarizedImprovement::against_front(std::span<const double> gains) const {
  AgainstFront out{0.0, -std::numeric_limits<double>::infinity()};
  for (std::size_t d = 0; d < best_.size(); ++d) {
    const double ahead = scalarize(gains, &inverse_lambda_[d * k_], k_) - best_[d];
    out.improvement += std::max(0.0, ahead);
    out.margin = std::max(out.margin, ahead);
  }
  out.improvement /= static_cast<double>(best_.size());
  return out;
}

double ScalarizedImprovement::improvement(std::span<const double> gains) const {
  return against_front(gains).improvement;
}

double ScalarizedImprovement::margin(std::span<const double> gains) const { return against_front(gains).margin; }

double ScalarizedImprovement::hypervolume() const {
  double sum = 0.0;
  for (double b : best_) sum += b;
  return orthant_ball_volume(k_) * sum / static_cast<double>(best_.size());
}

double ScalarizedImprovement::score(std::span<const double> gains, double p_feasible) const {
  // One pass over the directions gives both (a candidate is scored often).
  const AgainstFront a = against_front(gains);
  if (a.improvement > 0.0) return p_feasible * a.improvement;
  return kSlope * (std::min(0.0, a.margin) + p_feasible - 1.0);
}

}  // namespace archex::opt
