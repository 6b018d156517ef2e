#include "optimizers/ensemble_surrogate.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>

#include "optimizers/feature_encoder.h"
#include "optimizers/random_utils.h"
#include "optimizers/training_subset.h"

namespace archex::opt {

namespace {

// Weighted out-of-fold R^2.
double r_squared(const Eigen::VectorXd& y, const Eigen::VectorXd& predicted, const Eigen::VectorXd& w) {
  const double mean = (w.array() * y.array()).sum() / w.sum();
  const double sse = (w.array() * (y - predicted).array().square()).sum();
  const double sst = (w.array() * (y.array() - mean).square()).sum();
  return sst > 0 ? 1.0 - sse / sst : 0.0;
}

// The fold of row i in incremental fitting: fixed by the index (a hash, so
// that it does not follow the batch structure), never redrawn.
int stable_fold(int i, int folds) {
  std::uint64_t h = static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ull;
  h ^= h >> 29;
  return static_cast<int>(h % static_cast<std::uint64_t>(folds));
}

}  // namespace

EnsembleSurrogate::EnsembleSurrogate(const SearchSpace& space, EnsembleOptions options)
    : space_(space), options_(options) {}

EnsembleSurrogate::~EnsembleSurrogate() = default;

void EnsembleSurrogate::fit(const std::vector<Point>& points, const Eigen::VectorXd& y,
                            const std::vector<bool>& is_prior, Rng& rng) {
  const int n = static_cast<int>(points.size());
  const int replicas = options_.replicas;
  const bool cross_validate = options_.cv_folds >= 2 && n >= 2 * options_.cv_folds;
  const int folds = cross_validate ? options_.cv_folds : 0;

  // Row weights: base (priors down-weighted) times bootstrap counts or fold masks.
  Eigen::VectorXd base(n);
  bool any_prior = false;
  for (int i = 0; i < n; ++i) {
    base[i] = is_prior[i] ? options_.prior_weight : 1.0;
    any_prior = any_prior || is_prior[i];
  }
  Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(n, replicas + folds);
  for (int e = 0; e < replicas; ++e)
    for (int draw = 0; draw < n; ++draw) counts(uniform_index(rng, n), e) += 1.0;
  std::vector<int> fold_of(n);
  if (folds) {
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    shuffle_indices(rng, order);
    for (int i = 0; i < n; ++i) fold_of[order[i]] = i % folds;
    for (int k = 0; k < folds; ++k)
      for (int i = 0; i < n; ++i) counts(i, replicas + k) = fold_of[i] == k ? 0.0 : 1.0;
  }

  // MLPs: pre-train on priors, then train on everything.
  const FeatureEncoder encoder(space_);
  const Eigen::MatrixXd x = encoder.encode(points);
  mlp_ = std::make_unique<MlpEnsemble>(replicas + folds, encoder.num_features(), options_.mlp, rng);
  if (any_prior && options_.pretrain_steps > 0) {
    Eigen::MatrixXd prior_only = counts;
    for (int i = 0; i < n; ++i)
      if (!is_prior[i]) prior_only.row(i).setZero();
    mlp_->train(x, y, prior_only, false, options_.pretrain_steps);
  }
  mlp_->train(x, y, counts.array().colwise() * base.array(), false, options_.steps);

  // Additive ridge: replicas, plus fold fits when cross-validating.
  linear_.clear();
  Eigen::VectorXd linear_oof = Eigen::VectorXd::Zero(n);
  if (options_.linear_member) {
    for (int e = 0; e < replicas + folds; ++e) {
      AdditiveRidge model(space_, options_.ridge);
      model.fit(points, y, counts.col(e).cwiseProduct(base));
      if (e < replicas) {
        linear_.push_back(std::move(model));
      } else {
        const Eigen::VectorXd p = model.predict(points);
        for (int i = 0; i < n; ++i)
          if (fold_of[i] == e - replicas) linear_oof[i] = p[i];
      }
    }
  }

  Eigen::VectorXd mlp_oof = Eigen::VectorXd::Zero(n);
  if (folds) {
    const Eigen::MatrixXd p = mlp_->predict(x);
    for (int i = 0; i < n; ++i) mlp_oof[i] = p(i, replicas + fold_of[i]);
  }
  score_members(y, base, mlp_oof, linear_oof, folds > 0);
}

void EnsembleSurrogate::score_members(const Eigen::VectorXd& y, const Eigen::VectorXd& base,
                                      const Eigen::VectorXd& mlp_oof, const Eigen::VectorXd& linear_oof,
                                      bool cross_validated) {
  scores_.clear();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  double mlp_r2 = nan, linear_r2 = nan;
  if (cross_validated) {
    mlp_r2 = r_squared(y, mlp_oof, base);
    if (options_.linear_member) linear_r2 = r_squared(y, linear_oof, base);
  }
  scores_.push_back({"mlp", mlp_r2, true});
  if (options_.linear_member) scores_.push_back({"linear", linear_r2, true});
  if (cross_validated) {
    bool any_passes = false;
    for (auto& s : scores_) any_passes = any_passes || s.cv_r2 >= options_.min_cv_r2;
    std::size_t best = 0;
    for (std::size_t t = 1; t < scores_.size(); ++t)
      if (scores_[t].cv_r2 > scores_[best].cv_r2) best = t;
    for (std::size_t t = 0; t < scores_.size(); ++t)
      scores_[t].kept = any_passes ? scores_[t].cv_r2 >= options_.min_cv_r2 : t == best;
  }
}

int EnsembleSurrogate::folds_for(int rows) const {
  return options_.cv_folds >= 2 && rows >= 2 * options_.cv_folds ? options_.cv_folds : 0;
}

Eigen::VectorXd EnsembleSurrogate::base_weights(const std::vector<bool>& is_prior) const {
  Eigen::VectorXd base(is_prior.size());
  for (std::size_t i = 0; i < is_prior.size(); ++i) base[i] = is_prior[i] ? options_.prior_weight : 1.0;
  return base;
}

void EnsembleSurrogate::start(const std::vector<Point>& points, const Eigen::VectorXd& y,
                              const std::vector<bool>& is_prior, Rng& rng) {
  const int n = static_cast<int>(points.size());
  const int replicas = options_.replicas, folds = options_.cv_folds >= 2 ? options_.cv_folds : 0;
  const Eigen::VectorXd base = base_weights(is_prior);
  Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(n, replicas + folds);
  for (int e = 0; e < replicas; ++e)
    for (int draw = 0; draw < n; ++draw) counts(uniform_index(rng, n), e) += 1.0;
  for (int k = 0; k < folds; ++k)
    for (int i = 0; i < n; ++i) counts(i, replicas + k) = stable_fold(i, folds) == k ? 0.0 : 1.0;
  const FeatureEncoder encoder(space_);
  const Eigen::MatrixXd x = encoder.encode(points);
  mlp_ = std::make_unique<MlpEnsemble>(replicas + folds, encoder.num_features(), options_.mlp, rng);
  if (std::find(is_prior.begin(), is_prior.end(), true) != is_prior.end() && options_.pretrain_steps > 0) {
    Eigen::MatrixXd prior_only = counts;
    for (int i = 0; i < n; ++i)
      if (!is_prior[i]) prior_only.row(i).setZero();
    mlp_->train(x, y, prior_only, false, options_.pretrain_steps);
  }
  mlp_->train(x, y, counts.array().colwise() * base.array(), false, options_.steps);
}

void EnsembleSurrogate::advance(const std::vector<Point>& points, const Eigen::VectorXd& y,
                                const std::vector<bool>& is_prior, int first_new, Rng& rng) {
  const int n = static_cast<int>(points.size());
  const int replicas = options_.replicas, folds = options_.cv_folds >= 2 ? options_.cv_folds : 0;
  // The rows to train on: every new one, and a sample of the old ones (the
  // best half and a uniform half, as training_subset picks them).
  std::vector<double> old_labels(y.data(), y.data() + first_new);
  std::vector<int> rows = training_subset(old_labels, options_.replay_rows, rng);
  for (int i = first_new; i < n; ++i) rows.push_back(i);
  const int m = static_cast<int>(rows.size());
  std::vector<Point> subset;
  Eigen::VectorXd ys(m), base(m);
  for (int r = 0; r < m; ++r) {
    subset.push_back(points[rows[r]]);
    ys[r] = y[rows[r]];
    base[r] = is_prior[rows[r]] ? options_.prior_weight : 1.0;
  }
  Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(m, replicas + folds);
  for (int e = 0; e < replicas; ++e)
    for (int draw = 0; draw < m; ++draw) counts(uniform_index(rng, m), e) += 1.0;
  for (int k = 0; k < folds; ++k)
    for (int r = 0; r < m; ++r) counts(r, replicas + k) = stable_fold(rows[r], folds) == k ? 0.0 : 1.0;
  const FeatureEncoder encoder(space_);
  mlp_->train(encoder.encode(subset), ys, counts.array().colwise() * base.array(), false, options_.update_steps);
}

void EnsembleSurrogate::finish(const std::vector<Point>& points, const Eigen::VectorXd& y,
                               const std::vector<bool>& is_prior, Rng& rng) {
  const int n = static_cast<int>(points.size());
  const int replicas = options_.replicas;
  const int folds = folds_for(n);
  const Eigen::VectorXd base = base_weights(is_prior);
  linear_.clear();
  Eigen::VectorXd linear_oof = Eigen::VectorXd::Zero(n);
  if (options_.linear_member) {
    for (int e = 0; e < replicas; ++e) {
      Eigen::VectorXd counts = Eigen::VectorXd::Zero(n);
      for (int draw = 0; draw < n; ++draw) counts[uniform_index(rng, n)] += 1.0;
      AdditiveRidge model(space_, options_.ridge);
      model.fit(points, y, counts.cwiseProduct(base));
      linear_.push_back(std::move(model));
    }
    for (int k = 0; k < folds; ++k) {
      Eigen::VectorXd mask(n);
      for (int i = 0; i < n; ++i) mask[i] = stable_fold(i, folds) == k ? 0.0 : 1.0;
      AdditiveRidge model(space_, options_.ridge);
      model.fit(points, y, mask.cwiseProduct(base));
      const Eigen::VectorXd p = model.predict(points);
      for (int i = 0; i < n; ++i)
        if (stable_fold(i, folds) == k) linear_oof[i] = p[i];
    }
  }
  Eigen::VectorXd mlp_oof = Eigen::VectorXd::Zero(n);
  if (folds) {
    const FeatureEncoder encoder(space_);
    const Eigen::MatrixXd p = mlp_->predict(encoder.encode(points));
    for (int i = 0; i < n; ++i) mlp_oof[i] = p(i, replicas + stable_fold(i, folds));
  }
  score_members(y, base, mlp_oof, linear_oof, folds > 0);
}

void EnsembleSurrogate::save(StateWriter& out) const { mlp_->save(out); }

void EnsembleSurrogate::load(StateReader& in) {
  const int folds = options_.cv_folds >= 2 ? options_.cv_folds : 0;
  auto nets = std::make_unique<MlpEnsemble>(MlpEnsemble::load(in, options_.mlp));
  if (nets->nets() != options_.replicas + folds || nets->inputs() != FeatureEncoder(space_).num_features())
    throw StateFormatError("the saved ensemble has another shape than these settings give");
  mlp_ = std::move(nets);
}

Eigen::MatrixXd EnsembleSurrogate::member_predictions(const std::vector<Point>& points) const {
  const int replicas = options_.replicas;
  int columns = 0;
  for (const auto& s : scores_) columns += s.kept ? replicas : 0;
  Eigen::MatrixXd out(points.size(), columns);
  int c = 0;
  if (scores_[0].kept) {
    const FeatureEncoder encoder(space_);
    out.middleCols(c, replicas) = mlp_->predict(encoder.encode(points)).leftCols(replicas);
    c += replicas;
  }
  if (scores_.size() > 1 && scores_[1].kept)
    for (const auto& model : linear_) out.col(c++) = model.predict(points);
  return out;
}

EnsembleSurrogate::Prediction EnsembleSurrogate::predict(const std::vector<Point>& points) const {
  const Eigen::MatrixXd p = member_predictions(points);
  Prediction out;
  out.mean = p.rowwise().mean();
  const Eigen::MatrixXd centred = p.colwise() - out.mean;
  out.sd = (centred.rowwise().squaredNorm() / std::max<Eigen::Index>(1, p.cols() - 1)).cwiseSqrt();
  return out;
}

}  // namespace archex::opt
