#pragma once
// The surrogate of the GP bandit: one GP per data source, each trained on the
// residuals of the ones below it, as in Google Vizier's transfer learning
// (Golovin et al., "Google Vizier: A Service for Black-Box Optimization", KDD
// 2017, section 3.3): level 0 on the prior study, level 1 on this study. The
// posterior mean is the sum of the levels' means; the standard deviation is
// a geometric mean of the levels' ones weighted by their number of points.
// Without priors there is one level and this is a plain GP.
//
// For batches, a posterior can be conditioned on "fantasy" observations at
// chosen candidates (the GP-BUCB rule of Desautels et al., JMLR 2014: the mean
// is kept, the variance shrinks near the fantasies) with rank-one updates.

#include <memory>
#include <vector>

#include "optimizers/gaussian_process.h"

namespace archex::opt {

struct StackedGpOptions {
  int max_points = 500;      // observations a level conditions on (subsampled above)
  int max_fit_points = 150;  // observations its hyper-parameters are fitted on
  GpFitOptions fit;
};

class StackedGp {
 public:
  StackedGp(KernelLayout layout, StackedGpOptions options);

  // Adds a level trained on (x, labels) minus the prediction of the levels
  // below. Does nothing for empty data. `scale` in [0, 1] shrinks the level's
  // mean and its share of the sd (how much the priors are trusted,
  // prior_weight.h); the levels above fit what it leaves.
  // Given `hyper`, the level takes those kernel hyper-parameters instead of
  // fitting them (fitting is most of the cost of a call).
  void add_level(const Eigen::MatrixXd& x, const Eigen::VectorXd& labels, Rng& rng, double scale = 1.0,
                 const GpHyperparameters* hyper = nullptr);
  // The hyper-parameters add_level() would fit for a first level on (x, labels).
  GpHyperparameters fit_first_level(const Eigen::MatrixXd& x, const Eigen::VectorXd& labels, Rng& rng) const;
  bool empty() const { return levels_.empty(); }

  class Posterior {
   public:
    const Eigen::VectorXd& mean() const { return mean_; }
    // Latent variance of the top level relative to its prior variance, in
    // [0, 1]: how far the candidates are from this study's data.
    Eigen::VectorXd relative_variance() const;
    // Combined standard deviation, after the fantasies added so far.
    Eigen::VectorXd sd() const;
    // Conditions every level on a fantasy observation at candidate c.
    void add_fantasy(int c);

   private:
    friend class StackedGp;
    struct LevelState {
      Eigen::MatrixXd v;                 // L^-1 k(X, candidates)
      Eigen::VectorXd variance;          // current latent variance per candidate
      std::vector<Eigen::VectorXd> updates;  // rank-one fantasy updates so far
    };
    const StackedGp* stack_ = nullptr;
    Eigen::MatrixXd candidates_;
    Eigen::VectorXd mean_;
    std::vector<LevelState> levels_;
  };
  // Posterior at candidate feature rows; `for_fantasies` keeps what
  // add_fantasy() needs (memory: points x candidates per level).
  Posterior posterior(const Eigen::MatrixXd& candidates, bool for_fantasies = false) const;

 private:
  // Fits the hyper-parameters on a subset of the rows a level keeps.
  GpHyperparameters fit_kept(const Eigen::MatrixXd& x_kept, const Eigen::VectorXd& y_kept, Rng& rng) const;
  // Stacked mean of the existing levels at x.
  Eigen::VectorXd predict_mean(const Eigen::MatrixXd& x) const;

  KernelLayout layout_;
  StackedGpOptions options_;
  std::vector<std::unique_ptr<GaussianProcess>> levels_;
  std::vector<double> scales_;  // per level
};

}  // namespace archex::opt
