#include "optimizers/gaussian_process.h"

#include <cmath>
#include <limits>
#include <memory>

#include <ceres/gradient_problem.h>
#include <ceres/gradient_problem_solver.h>

#include "optimizers/random_utils.h"

namespace archex::opt {

namespace {

// Weak log-normal priors on the hyper-parameters (labels are standardised and
// features lie in [0, 1]). They keep L-BFGS away from degenerate optima (zero
// length scales that interpolate noise, or infinite ones that ignore a
// parameter entirely) on the small data sets BO works with; similar in spirit
// to the priors of OSS Vizier's tuned GP.
constexpr double kLengthscalePriorMean = -0.7;  // log 0.5
constexpr double kLengthscalePriorSd = 1.0;
constexpr double kAmplitudePriorMean = 0.0;     // signal variance ~ label variance
constexpr double kAmplitudePriorSd = 1.0;
constexpr double kNoisePriorMean = -6.9;        // ~1e-3: the cost model is deterministic
constexpr double kNoisePriorSd = 2.0;
// Added to the diagonal for numerical stability of the Cholesky factor.
constexpr double kJitter = 1e-6;
// Hyper-parameters are clamped to this box while evaluating.
constexpr double kLogMin = -9.0, kLogMax = 5.0;

double clamp_log(double v) { return std::min(kLogMax, std::max(kLogMin, v)); }

double gaussian_log_prior(double v, double mean, double sd, double* grad) {
  *grad = -(v - mean) / (sd * sd);
  return -0.5 * (v - mean) * (v - mean) / (sd * sd);
}

// Negative log marginal likelihood (minus log prior) and its gradient, for
// Ceres. Squared feature distances per parameter are computed once.
class NegativeLogLikelihood : public ceres::FirstOrderFunction {
 public:
  NegativeLogLikelihood(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const KernelLayout& layout)
      : y_(y), n_(static_cast<int>(x.rows())), p_(layout.num_parameters) {
    sq_dist_.assign(p_, Eigen::MatrixXd::Zero(n_, n_));
    for (int f = 0; f < x.cols(); ++f) {
      Eigen::MatrixXd& d = sq_dist_[layout.parameter_of_feature[f]];
      for (int j = 0; j < n_; ++j)
        for (int i = 0; i < n_; ++i) {
          const double delta = x(i, f) - x(j, f);
          d(i, j) += delta * delta;
        }
    }
  }

  int NumParameters() const override { return p_ + 2; }

  bool Evaluate(const double* theta, double* cost, double* gradient) const override {
    std::vector<double> inv_l2(p_);
    for (int k = 0; k < p_; ++k) inv_l2[k] = std::exp(-2.0 * clamp_log(theta[k]));
    const double amplitude = std::exp(clamp_log(theta[p_]));
    const double noise = std::exp(clamp_log(theta[p_ + 1]));

    Eigen::MatrixXd r2 = Eigen::MatrixXd::Zero(n_, n_);
    for (int k = 0; k < p_; ++k) r2 += inv_l2[k] * sq_dist_[k];
    Eigen::MatrixXd k_matrix(n_, n_), dk_factor(n_, n_);
    for (int j = 0; j < n_; ++j)
      for (int i = 0; i < n_; ++i) {
        const double s = std::sqrt(5.0 * r2(i, j));
        const double e = std::exp(-s);
        k_matrix(i, j) = amplitude * (1.0 + s + s * s / 3.0) * e;
        // d k / d log l_k = amplitude * 5/3 (1 + s) e^-s * (squared distance in k) / l_k^2
        dk_factor(i, j) = amplitude * (5.0 / 3.0) * (1.0 + s) * e;
      }
    Eigen::MatrixXd noisy = k_matrix;
    noisy.diagonal().array() += noise + kJitter;
    Eigen::LLT<Eigen::MatrixXd> llt(noisy);
    if (llt.info() != Eigen::Success) return false;
    const Eigen::VectorXd alpha = llt.solve(y_);
    const Eigen::MatrixXd& l = llt.matrixLLT();
    double log_det = 0;
    for (int i = 0; i < n_; ++i) log_det += 2.0 * std::log(l(i, i));
    double nll = 0.5 * y_.dot(alpha) + 0.5 * log_det + 0.5 * n_ * std::log(2.0 * 3.141592653589793);

    std::vector<double> prior_grad(p_ + 2);
    double log_prior = 0;
    for (int k = 0; k < p_; ++k)
      log_prior += gaussian_log_prior(theta[k], kLengthscalePriorMean, kLengthscalePriorSd, &prior_grad[k]);
    log_prior += gaussian_log_prior(theta[p_], kAmplitudePriorMean, kAmplitudePriorSd, &prior_grad[p_]);
    log_prior += gaussian_log_prior(theta[p_ + 1], kNoisePriorMean, kNoisePriorSd, &prior_grad[p_ + 1]);
    *cost = nll - log_prior;
    if (!gradient) return true;

    // d log p(y) / d theta = 1/2 tr((alpha alpha^T - K^-1) dK/dtheta).
    Eigen::MatrixXd w = -llt.solve(Eigen::MatrixXd::Identity(n_, n_));
    w.noalias() += alpha * alpha.transpose();
    const Eigen::MatrixXd wf = w.cwiseProduct(dk_factor);
    for (int k = 0; k < p_; ++k) {
      const double g = 0.5 * inv_l2[k] * wf.cwiseProduct(sq_dist_[k]).sum();
      gradient[k] = -g - prior_grad[k];
    }
    gradient[p_] = -0.5 * w.cwiseProduct(k_matrix).sum() - prior_grad[p_];
    gradient[p_ + 1] = -0.5 * noise * w.trace() - prior_grad[p_ + 1];
    // Outside the clamping box the cost is flat: report the prior's pull only.
    for (int k = 0; k < p_ + 2; ++k)
      if (theta[k] != clamp_log(theta[k])) gradient[k] = -prior_grad[k];
    return true;
  }

 private:
  Eigen::VectorXd y_;
  int n_, p_;
  std::vector<Eigen::MatrixXd> sq_dist_;
};

}  // namespace

bool gp_fit_objective(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const KernelLayout& layout,
                      const std::vector<double>& theta, double* cost, std::vector<double>* gradient) {
  const NegativeLogLikelihood f(x, y, layout);
  if (gradient) gradient->assign(theta.size(), 0.0);
  return f.Evaluate(theta.data(), cost, gradient ? gradient->data() : nullptr);
}

GpHyperparameters fit_gp_hyperparameters(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                         const KernelLayout& layout, const GpFitOptions& options, Rng& rng) {
  const int p = layout.num_parameters;
  ceres::GradientProblem problem(new NegativeLogLikelihood(x, y, layout));
  ceres::GradientProblemSolver::Options solver_options;
  solver_options.line_search_direction_type = ceres::LBFGS;
  solver_options.max_num_iterations = options.max_iterations;
  solver_options.logging_type = ceres::SILENT;
  solver_options.function_tolerance = 1e-7;
  solver_options.gradient_tolerance = 1e-6;

  std::vector<double> best;
  double best_cost = std::numeric_limits<double>::infinity();
  for (int restart = 0; restart < std::max(1, options.restarts); ++restart) {
    std::vector<double> theta(p + 2);
    for (int k = 0; k < p; ++k)
      theta[k] = kLengthscalePriorMean + (restart ? kLengthscalePriorSd * standard_normal(rng) : 0.0);
    theta[p] = kAmplitudePriorMean + (restart ? 0.5 * standard_normal(rng) : 0.0);
    theta[p + 1] = kNoisePriorMean + (restart ? standard_normal(rng) : 0.0);
    ceres::GradientProblemSolver::Summary summary;
    ceres::Solve(solver_options, problem, theta.data(), &summary);
    double cost = 0;
    if (problem.Evaluate(theta.data(), &cost, nullptr) && cost < best_cost) {
      best_cost = cost;
      best = theta;
    }
  }
  GpHyperparameters h;
  h.log_lengthscales = Eigen::VectorXd::Constant(p, kLengthscalePriorMean);
  if (!best.empty()) {
    for (int k = 0; k < p; ++k) h.log_lengthscales[k] = clamp_log(best[k]);
    h.log_amplitude = clamp_log(best[p]);
    h.log_noise = clamp_log(best[p + 1]);
  }
  return h;
}

GaussianProcess::GaussianProcess(Eigen::MatrixXd x, const Eigen::VectorXd& y, KernelLayout layout,
                                 GpHyperparameters hyper)
    : x_(std::move(x)), layout_(std::move(layout)), hyper_(std::move(hyper)) {
  label_mean_ = y.size() ? y.mean() : 0.0;
  Eigen::MatrixXd k = kernel(x_, x_);
  k.diagonal().array() += noise_variance();
  llt_.compute(k);
  alpha_ = llt_.solve((y.array() - label_mean_).matrix());
}

double GaussianProcess::noise_variance() const { return std::exp(hyper_.log_noise) + kJitter; }

Eigen::MatrixXd GaussianProcess::scaled(const Eigen::MatrixXd& x) const {
  Eigen::MatrixXd s = x;
  for (int f = 0; f < x.cols(); ++f)
    s.col(f) *= std::exp(-hyper_.log_lengthscales[layout_.parameter_of_feature[f]]);
  return s;
}

Eigen::MatrixXd GaussianProcess::kernel(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) const {
  const Eigen::MatrixXd sa = scaled(a), sb = scaled(b);
  // |u - v|^2 = |u|^2 + |v|^2 - 2 u.v, as one matrix product.
  Eigen::MatrixXd r2 = -2.0 * sa * sb.transpose();
  r2.colwise() += sa.rowwise().squaredNorm();
  r2.rowwise() += sb.rowwise().squaredNorm().transpose();
  const double amplitude = signal_variance();
  return r2.unaryExpr([amplitude](double v) { return amplitude * matern52(std::sqrt(std::max(0.0, v))); });
}

GaussianProcess::Prediction GaussianProcess::predict(const Eigen::MatrixXd& candidates, bool keep_v,
                                                     const Eigen::VectorXd* second_weights) const {
  Prediction out;
  if (x_.rows() == 0) {
    out.mean = Eigen::VectorXd::Constant(candidates.rows(), label_mean_);
    out.variance = Eigen::VectorXd::Constant(candidates.rows(), signal_variance());
    if (keep_v) out.v.resize(0, candidates.rows());
    if (second_weights) out.second = Eigen::VectorXd::Zero(candidates.rows());
    return out;
  }
  const Eigen::MatrixXd kc = kernel(x_, candidates);  // n x m
  out.mean = (kc.transpose() * alpha_).array() + label_mean_;
  if (second_weights) out.second = kc.transpose() * *second_weights;
  Eigen::MatrixXd v = llt_.matrixL().solve(kc);
  out.variance = (signal_variance() - v.colwise().squaredNorm().transpose().array()).max(1e-12);
  if (keep_v) out.v = std::move(v);
  return out;
}

Eigen::VectorXd GaussianProcess::weights_for(const Eigen::VectorXd& labels, double* label_mean) const {
  *label_mean = labels.size() ? labels.mean() : 0.0;
  return llt_.solve((labels.array() - *label_mean).matrix());
}

}  // namespace archex::opt
