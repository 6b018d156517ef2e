#include "optimizers/stacked_gp.h"

#include <cmath>

#include "optimizers/training_subset.h"

namespace archex::opt {

namespace {

Eigen::MatrixXd rows(const Eigen::MatrixXd& m, const std::vector<int>& idx) {
  Eigen::MatrixXd out(idx.size(), m.cols());
  for (std::size_t i = 0; i < idx.size(); ++i) out.row(i) = m.row(idx[i]);
  return out;
}

Eigen::VectorXd rows(const Eigen::VectorXd& v, const std::vector<int>& idx) {
  Eigen::VectorXd out(idx.size());
  for (std::size_t i = 0; i < idx.size(); ++i) out[i] = v[idx[i]];
  return out;
}

std::vector<double> to_std(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }

}  // namespace

StackedGp::StackedGp(KernelLayout layout, StackedGpOptions options)
    : layout_(std::move(layout)), options_(options) {}

Eigen::VectorXd StackedGp::predict_mean(const Eigen::MatrixXd& x) const {
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(x.rows());
  for (std::size_t l = 0; l < levels_.size(); ++l) mean += scales_[l] * levels_[l]->predict(x).mean;
  return mean;
}

GpHyperparameters StackedGp::fit_kept(const Eigen::MatrixXd& x_kept, const Eigen::VectorXd& y_kept, Rng& rng) const {
  const std::vector<int> fit_idx = training_subset(to_std(y_kept), options_.max_fit_points, rng);
  Eigen::VectorXd y_fit = rows(y_kept, fit_idx);
  y_fit.array() -= y_fit.mean();
  return fit_gp_hyperparameters(rows(x_kept, fit_idx), y_fit, layout_, options_.fit, rng);
}

GpHyperparameters StackedGp::fit_first_level(const Eigen::MatrixXd& x, const Eigen::VectorXd& labels,
                                             Rng& rng) const {
  const std::vector<int> kept = training_subset(to_std(labels), options_.max_points, rng);
  return fit_kept(rows(x, kept), rows(labels, kept), rng);
}

void StackedGp::add_level(const Eigen::MatrixXd& x, const Eigen::VectorXd& labels, Rng& rng, double scale,
                          const GpHyperparameters* hyper) {
  if (x.rows() == 0) return;
  const Eigen::VectorXd residual = levels_.empty() ? labels : Eigen::VectorXd(labels - predict_mean(x));
  const std::vector<int> kept = training_subset(to_std(residual), options_.max_points, rng);
  const Eigen::MatrixXd x_kept = rows(x, kept);
  const Eigen::VectorXd y_kept = rows(residual, kept);
  levels_.push_back(
      std::make_unique<GaussianProcess>(x_kept, y_kept, layout_, hyper ? *hyper : fit_kept(x_kept, y_kept, rng)));
  scales_.push_back(scale);
}

StackedGp::Posterior StackedGp::posterior(const Eigen::MatrixXd& candidates, bool for_fantasies) const {
  Posterior post;
  post.stack_ = this;
  if (for_fantasies) post.candidates_ = candidates;
  post.mean_ = Eigen::VectorXd::Zero(candidates.rows());
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    auto p = levels_[l]->predict(candidates, for_fantasies);
    post.mean_ += scales_[l] * p.mean;
    post.levels_.push_back({std::move(p.v), std::move(p.variance), {}});
  }
  return post;
}

Eigen::VectorXd StackedGp::Posterior::relative_variance() const {
  if (levels_.empty()) return Eigen::VectorXd::Ones(mean_.size());
  return (levels_.back().variance / stack_->levels_.back()->signal_variance()).cwiseMin(1.0);
}

Eigen::VectorXd StackedGp::Posterior::sd() const {
  const Eigen::Index m = mean_.size();
  if (levels_.empty()) return Eigen::VectorXd::Ones(m);
  double total = 0;
  for (std::size_t l = 0; l < levels_.size(); ++l) total += stack_->scales_[l] * stack_->levels_[l]->size();
  Eigen::VectorXd log_sd = Eigen::VectorXd::Zero(m);
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    const double w =
        total > 0 ? stack_->scales_[l] * stack_->levels_[l]->size() / total : 1.0 / levels_.size();
    log_sd.array() += w * 0.5 * levels_[l].variance.array().max(1e-12).log();
  }
  return log_sd.array().exp();
}

void StackedGp::Posterior::add_fantasy(int c) {
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    const GaussianProcess& gp = *stack_->levels_[l];
    LevelState& s = levels_[l];
    // Posterior covariance between every candidate and candidate c, given the
    // data and the fantasies so far (incremental Cholesky of the candidates'
    // posterior covariance).
    Eigen::VectorXd cov = gp.kernel(candidates_, candidates_.row(c));
    if (s.v.rows() > 0) cov.noalias() -= s.v.transpose() * s.v.col(c);
    for (const auto& u : s.updates) cov -= u * u[c];
    const double denom = std::max(s.variance[c], 0.0) + gp.noise_variance();
    Eigen::VectorXd u = cov / std::sqrt(denom);
    s.variance = (s.variance.array() - u.array().square()).max(1e-12);
    s.updates.push_back(std::move(u));
  }
}

}  // namespace archex::opt
