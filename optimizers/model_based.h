#pragma once
// `mbo`: model-based optimization as in Apollo / P3BO (Angermueller et al.,
// arXiv 2006.03227): an ensemble of regressors (libtorch MLPs plus an
// additive ridge member) selected by k-fold cross-validation, acquisition =
// ensemble mean + kappa * ensemble sd, maximised by evolutionary search over
// the space near the observed points; a separate MLP classifier predicts
// feasibility so proposals avoid known-infeasible regions. Priors pre-train
// the ensemble (transfer); infeasible observations whose objective was
// measured (over a constraint) train it too. The priors' weight follows
// how well they rank this study's trials (RGPE, prior_weight.h), and at most
// a share of each batch is proposed with them.
// training=incremental (default): the models are updated from the previous
// batch's ones and saved with the study (mbo_model_chain.h; a pure function
// of the history and the saved state). training=scratch: retrained from
// nothing on the whole history on every call (a pure function of the history,
// the behaviour before). Studies with priors always train from scratch: the
// priors' weight changes the labels from call to call.
// Several objectives: one ensemble per objective (trained from scratch), and
// a candidate scores the hypervolume its optimistic vector would add to the
// front (random hypervolume scalarisations, scalarized_improvement.h).

#include <memory>

#include "optimizers/acquisition_search.h"
#include "optimizers/ensemble_surrogate.h"
#include "optimizers/optimizer.h"

namespace archex::opt {

class MboModelChain;
struct MboModel;
struct MboTrainingSet;

struct MboOptions {
  std::string acquisition = "ucb";  // "ucb" (mean + kappa * sd) or "ei" (expected improvement)
  double kappa = 1.0;           // UCB weight on the ensemble sd. >= 0.
  int initial_random = 16;      // uniform trials before the first model (without priors). >= 2.
  int replicas = 5;             // bootstrap replicas per member type. >= 2.
  int cv_folds = 3;             // 0 disables cross-validated member selection; else >= 2.
  double min_cv_r2 = 0.2;       // out-of-fold R^2 a member type needs. <= 1.
  bool linear_member = true;
  int hidden = 32;              // MLP units per hidden layer. >= 1.
  int layers = 2;               // MLP hidden layers. >= 1.
  int steps = 200;              // Adam steps (full batch). >= 1.
  int pretrain_steps = 200;     // Adam steps on priors first. >= 0.
  double learning_rate = 0.01;  // > 0.
  double prior_weight = 0.25;   // prior rows' weight after pre-training. In [0, 1].
  bool feasibility_classifier = true;
  // Which infeasible observations with a measured value (over a constraint)
  // the objective ensemble also trains on: "priors" (over this study's
  // budget), "all" (this study's trials too) or "none". The feasibility
  // classifier keeps proposals inside the constraint.
  std::string learn_violating = "priors";
  // Candidates farther than this Hamming distance from every observation the
  // ensemble learnt from score as infeasible: neural surrogates extrapolate wildly, so
  // the search stays where the data are (a discrete trust region). >= 1.
  int locality = 3;
  int search_generations = 10;  // acquisition search rounds. >= 0.
  int search_pool = 200;        // acquisition search pool. >= 10.
  int batch_diversity = 2;      // min Hamming distance within a batch, when possible. >= 1.
  int threads = 1;              // torch intra-op threads (fixed for reproducibility). >= 1.
  std::string training = "incremental";  // "incremental" or "scratch" (see above)
  int update_every = 10;        // trials between model checkpoints (incremental). >= 1.
  int update_steps = 50;        // Adam steps of a warm-started update. >= 1.
  int replay_rows = 256;        // old rows trained alongside the new ones in an update. >= 0.
  int refit_every = 40;         // every this many checkpoints, refit from nothing; 0 = never. >= 0.

  static MboOptions parse(const std::string& optimizer, const Settings& settings);
  void validate(const std::string& optimizer) const;
  static std::vector<SettingInfo> describe();
  EnsembleOptions ensemble() const;
  MlpOptions mlp() const;
};

class ModelBasedOptimizer : public Optimizer {
 public:
  static constexpr const char* kName = "mbo";
  ModelBasedOptimizer(const SearchSpace& space, const Settings& settings);
  ~ModelBasedOptimizer() override;
  static OptimizerInfo info();

  std::string name() const override { return kName; }
  std::vector<Suggestion> suggest(const History& history, int count, Rng& rng) override;
  void restore_state(const SavedState& state) override;
  std::optional<SavedState> take_state() override;
  std::vector<std::string> take_notices() override;

 private:
  // The model's batch, priors weighted by prior_weight in [0, 1] (prior_weight.h);
  // `incremental`: from the saved model chain, else trained from scratch.
  std::vector<Suggestion> propose(const History& history, int count, double prior_weight, Rng& rng,
                                  bool incremental);
  // The same with several objectives: one ensemble per objective.
  std::vector<Suggestion> propose_pareto(const History& history, int count, double prior_weight, Rng& rng) const;
  // An ensemble (and feasibility classifier) trained from nothing on `data`.
  MboModel train(const MboTrainingSet& data, double prior_weight, bool with_classifier, Rng& rng) const;
  // Every candidate the acquisition search scored from `anchors`, best first.
  std::vector<ScoredPoint> search(const BatchScorer& scorer, const std::vector<Point>& anchors,
                                  const BatchBuilder& batch, Rng& rng) const;
  // Adds the best of `ranked` to the batch, spread out while that is possible.
  void choose_spread(const std::vector<ScoredPoint>& ranked, BatchBuilder& batch) const;

  SearchSpace space_;
  MboOptions options_;
  std::unique_ptr<MboModelChain> chain_;  // training = incremental
};

}  // namespace archex::opt
