#pragma once
// `gp-bandit`: a Vizier-like Gaussian-process bandit (Golovin et al., KDD
// 2017; the open-source Vizier GP-UCB designer, Song et al., AutoML 2022).
//  * Surrogate: Matérn-5/2 ARD GP on normalised ordinal / one-hot categorical
//    features, hyper-parameters by maximum marginal likelihood (Ceres L-BFGS,
//    restarts); labels output-warped, infeasible trials warped to "bad" (see
//    output_warping.h); optionally a separate feasibility GP instead.
//  * Acquisition: UCB (mean + 1.8 sd, Vizier's default) or EI (weighted by
//    the probability of feasibility with the feasibility model), restricted
//    to a trust region around the observed points that grows with their
//    number (Vizier's rule), maximised by an evolutionary search over the
//    discrete space.
//  * Batches and running trials: GP-BUCB fantasies (variance updates).
//  * Transfer: priors train a first GP, this study's trials a residual GP;
//    the priors' level is scaled by how well they rank this study's trials
//    (RGPE, prior_weight.h), and at most a share of each batch uses them.
//  * Several objectives: one GP stack per objective; a candidate scores the
//    hypervolume its UCB vector would add to the front, averaged over random
//    hypervolume scalarisations (Golovin & Zhang, ICML 2020, as OSS Vizier;
//    scalarized_improvement.h), so `acquisition` applies to one objective.
//  * Cost: levels condition on at most max_points observations and fit
//    hyper-parameters on at most max_fit_points (best half + random rest).

#include "optimizers/gaussian_process.h"
#include "optimizers/optimizer.h"

namespace archex::opt {

struct GpBanditOptions {
  std::string acquisition = "ucb";  // "ucb" or "ei"
  // UCB exploration weight on standardised labels; Vizier's default 1.8. >= 0.
  double ucb_coefficient = 1.8;
  // Trials sampled uniformly before the GP takes over (without priors). >= 1.
  int initial_random = 8;
  // Observations per GP level (cost grows with their cube). >= 10.
  int max_points = 500;
  // Observations the hyper-parameters are fitted on. In [10, max_points].
  int max_fit_points = 160;
  int fit_restarts = 2;    // L-BFGS starts for the hyper-parameters. >= 1.
  int fit_iterations = 40; // L-BFGS iterations per start. >= 1.
  bool trust_region = true;
  // Weight the acquisition by a feasibility GP (and train the objective GP on
  // feasible points only) instead of Vizier's plain output warping. Off by
  // default: with ~6% of the space feasible (Apollo at 6.8 mm^2) it kept the
  // search in the first feasible region found.
  bool feasibility_model = false;
  int search_generations = 10;  // acquisition search rounds. >= 0.
  int search_pool = 100;        // acquisition search pool size. >= 10.
  // Trials between fits of the kernel hyper-parameters once a study (without
  // priors, one objective) has that many: in between, the last fit's are
  // reused. 1: fitted on every call (the behaviour before). >= 1.
  int fit_every = 100;

  static GpBanditOptions parse(const std::string& optimizer, const Settings& settings);
  void validate(const std::string& optimizer) const;
  static std::vector<SettingInfo> describe();
};

class GpBandit : public Optimizer {
 public:
  static constexpr const char* kName = "gp-bandit";
  GpBandit(const SearchSpace& space, const Settings& settings);
  static OptimizerInfo info();

  std::string name() const override { return kName; }
  std::vector<Suggestion> suggest(const History& history, int count, Rng& rng) override;

 private:
  // The GP's batch, the priors' level scaled by prior_weight in [0, 1] (prior_weight.h).
  // reuse_fit: the trials' level may take the hyper-parameters of the last
  // fit_every checkpoint.
  std::vector<Suggestion> propose(const History& history, int count, double prior_weight, Rng& rng,
                                  bool reuse_fit = false);
  // The same with several objectives: one GP stack per objective (the
  // labels change from call to call: no hyper-parameters reused).
  std::vector<Suggestion> propose_pareto(const History& history, int count, double prior_weight, Rng& rng) const;
  // The hyper-parameters for a call on `history` (nullptr: fit them now). They
  // are fitted on the study's first k * fit_every trials, with draws seeded by
  // those trials, so they are a function of the history: a resumed study
  // refits the same ones.
  const GpHyperparameters* checkpoint_hyperparameters(const History& history);

  SearchSpace space_;
  GpBanditOptions options_;
  int checkpoint_trials_ = -1;  // the trial count checkpoint_ was fitted on
  GpHyperparameters checkpoint_;
};

}  // namespace archex::opt
