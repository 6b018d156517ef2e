#pragma once
// The surrogate of `mbo`: an ensemble whose spread is its uncertainty.
// Member types: an MLP (libtorch, see mlp_ensemble.h) and an additive ridge
// model (see additive_ridge.h); each type is fitted `replicas` times on
// bootstrap resamples. Types are kept or dropped by k-fold cross-validation
// R^2 (the model selection of Angermueller et al., "Model-based reinforcement
// learning for biological sequence design", ICLR 2020, which P3BO and Apollo
// reuse): a type whose out-of-fold R^2 is below `min_cv_r2` is dropped,
// unless no type passes, in which case the best one is kept.
//
// Transfer: the MLPs are first trained on the prior observations alone
// (pre-training), then on all observations with priors down-weighted.
//
// Two ways to fit: fit() builds everything from nothing (the from-scratch
// behaviour); or incrementally, start() once then advance() per new batch of
// rows, each followed by finish(). advance() warm-starts the MLPs from their
// current weights and trains them on the new rows plus a sample of the old
// ones (so its cost does not grow with the history); finish() refits the
// cheap members and the cross-validation scores on all rows. In this mode a
// row's fold is fixed by its index, so the fold nets never see their fold.

#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "optimizers/additive_ridge.h"
#include "optimizers/mlp_ensemble.h"
#include "optimizers/state_codec.h"

namespace archex::opt {

struct EnsembleOptions {
  int replicas = 5;            // bootstrap fits per member type
  int cv_folds = 3;            // 0 or 1: keep every type without cross-validation
  double min_cv_r2 = 0.2;      // out-of-fold R^2 a type needs to be kept
  bool linear_member = true;   // include the additive ridge member
  double ridge = 1.0;          // its L2 penalty (labels are standardised)
  MlpOptions mlp;
  int steps = 200;             // Adam steps on all observations
  int pretrain_steps = 200;    // Adam steps on the priors first (when there are priors)
  double prior_weight = 0.25;  // weight of a prior row relative to a trial row after pre-training
  int update_steps = 50;       // advance(): Adam steps on the new rows plus the replayed old ones
  int replay_rows = 256;       // advance(): old rows trained alongside the new ones
};

class EnsembleSurrogate {
 public:
  EnsembleSurrogate(const SearchSpace& space, EnsembleOptions options);
  ~EnsembleSurrogate();

  // Fits on (points, y); is_prior marks rows from prior studies.
  void fit(const std::vector<Point>& points, const Eigen::VectorXd& y, const std::vector<bool>& is_prior, Rng& rng);

  // Incremental fitting (see above). Rows keep their index as rows are added.
  // start(): new MLPs, trained on all rows. advance(): continue training the
  // MLPs on rows first_new.. plus up to replay_rows earlier ones.
  // finish(): the cheap members and scores; call after either, or after load().
  void start(const std::vector<Point>& points, const Eigen::VectorXd& y, const std::vector<bool>& is_prior, Rng& rng);
  void advance(const std::vector<Point>& points, const Eigen::VectorXd& y, const std::vector<bool>& is_prior,
               int first_new, Rng& rng);
  void finish(const std::vector<Point>& points, const Eigen::VectorXd& y, const std::vector<bool>& is_prior, Rng& rng);
  // The MLP weights (what start()/advance() computed).
  void save(StateWriter& out) const;
  // Throws StateFormatError when the saved nets do not fit these options.
  void load(StateReader& in);

  struct Prediction {
    Eigen::VectorXd mean, sd;  // over the kept members' replicas
  };
  Prediction predict(const std::vector<Point>& points) const;

  struct MemberScore {
    std::string type;
    double cv_r2;  // NaN when not cross-validated
    bool kept;
  };
  const std::vector<MemberScore>& members() const { return scores_; }

 private:
  Eigen::MatrixXd member_predictions(const std::vector<Point>& points) const;  // rows x kept replicas
  int folds_for(int rows) const;
  Eigen::VectorXd base_weights(const std::vector<bool>& is_prior) const;
  // Keeps or drops member types by their out-of-fold R^2 (when cross-validated).
  void score_members(const Eigen::VectorXd& y, const Eigen::VectorXd& base, const Eigen::VectorXd& mlp_oof,
                     const Eigen::VectorXd& linear_oof, bool cross_validated);

  SearchSpace space_;
  EnsembleOptions options_;
  std::vector<MemberScore> scores_;  // "mlp", then "linear"
  std::unique_ptr<MlpEnsemble> mlp_;  // replicas first, then fold nets
  std::vector<AdditiveRidge> linear_;  // replicas only
};

}  // namespace archex::opt
