#pragma once
// Gaussian-process regression with a Matérn-5/2 ARD kernel (one length scale
// per search-space parameter, shared by the features of a one-hot block),
// constant zero mean on centred labels, and Gaussian observation noise.
// Hyper-parameters are fitted by maximising the log marginal likelihood plus
// weak log-normal priors with Ceres' L-BFGS (Rasmussen & Williams, "Gaussian
// Processes for Machine Learning", 2006, eq. 2.30 and 5.9).

#include <cmath>
#include <vector>

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include "optimizers/optimizer.h"

namespace archex::opt {

struct GpHyperparameters {
  Eigen::VectorXd log_lengthscales;  // per parameter, on features scaled to [0, 1]
  double log_amplitude = 0.0;        // log signal variance
  double log_noise = -6.9;           // log noise variance (~1e-3 on standardised labels)
};

struct GpFitOptions {
  int restarts = 2;        // L-BFGS runs; the first starts from the prior means
  int max_iterations = 40; // per run
};

// Which features belong to which parameter (see FeatureEncoder).
struct KernelLayout {
  std::vector<int> parameter_of_feature;
  int num_parameters = 0;
};

// Fits the hyper-parameters on (x, y): rows of x are feature vectors, y are
// centred labels. Deterministic given rng.
GpHyperparameters fit_gp_hyperparameters(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                         const KernelLayout& layout, const GpFitOptions& options, Rng& rng);

// The objective fit_gp_hyperparameters minimises: negative log marginal
// likelihood minus the log priors, at theta = (log length scales per
// parameter, log signal variance, log noise variance); fills `gradient`
// (same layout) when given. Returns false when the kernel matrix is not
// positive definite. Exposed for tests (gradient check).
bool gp_fit_objective(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const KernelLayout& layout,
                      const std::vector<double>& theta, double* cost, std::vector<double>* gradient);

class GaussianProcess {
 public:
  // Conditions the GP on observations (x, y); y is centred internally.
  GaussianProcess(Eigen::MatrixXd x, const Eigen::VectorXd& y, KernelLayout layout, GpHyperparameters hyper);

  struct Prediction {
    Eigen::VectorXd mean;
    Eigen::VectorXd variance;  // of the latent function, without observation noise
    Eigen::MatrixXd v;         // L^-1 k(X, candidates), kept for batch (fantasy) updates
    Eigen::VectorXd second;    // k(candidates, X) * second_weights, when asked for
  };
  // `second_weights` (e.g. from weights_for()) gives a second posterior mean
  // from the same cross-kernel, without its label mean.
  Prediction predict(const Eigen::MatrixXd& candidates, bool keep_v = false,
                     const Eigen::VectorXd* second_weights = nullptr) const;

  // k(a_i, b_j) under the fitted hyper-parameters.
  Eigen::MatrixXd kernel(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) const;
  // K^-1 (labels - mean(labels)) for another label vector at the same inputs
  // (the feasibility model shares the kernel matrix), and that mean.
  Eigen::VectorXd weights_for(const Eigen::VectorXd& labels, double* label_mean) const;
  // Cross kernel k(X, candidates) under the fitted hyper-parameters.
  Eigen::MatrixXd train_kernel(const Eigen::MatrixXd& candidates) const { return kernel(x_, candidates); }

  double signal_variance() const { return std::exp(hyper_.log_amplitude); }
  double noise_variance() const;
  int size() const { return static_cast<int>(x_.rows()); }
  const GpHyperparameters& hyperparameters() const { return hyper_; }

 private:
  Eigen::MatrixXd scaled(const Eigen::MatrixXd& x) const;

  Eigen::MatrixXd x_;
  KernelLayout layout_;
  GpHyperparameters hyper_;
  double label_mean_ = 0;
  Eigen::LLT<Eigen::MatrixXd> llt_;
  Eigen::VectorXd alpha_;
};

// Matérn-5/2 correlation as a function of the scaled distance r.
inline double matern52(double r) {
  const double s = 2.2360679774997896 * r;  // sqrt(5) r
  return (1.0 + s + s * s / 3.0) * std::exp(-s);
}

}  // namespace archex::opt
