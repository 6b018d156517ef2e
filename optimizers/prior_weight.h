#pragma once
// How far a study should trust its priors: the ranking-loss weight of RGPE
// (Feurer, Letham & Bakshy, "Scalable Meta-Learning for Bayesian Optimization
// using Ranking-Weighted Gaussian Process Ensembles", AutoML 2018).
//
// A model fitted on the priors alone predicts this study's measured trials;
// its ranking loss is the fraction of pairs of trials it orders wrongly. A
// model of this study's own trials gets the same loss out of fold (k-fold
// instead of RGPE's leave-one-out, to bound the cost). The priors' weight is
// the probability, over bootstrap resamples of the trials, that the prior
// model has the lower loss; RGPE's guard against dilution drops the priors
// (weight 0) when their median loss is above the 95th percentile of the
// trials' own. Priors from another objective, or from a region that does not
// rank like this study's, lose their influence as soon as a few trials show
// it; priors that keep predicting well keep theirs.
//
// Both models are the additive ridge on rank-transformed values (any monotone
// objective transform ranks the same). A trial counts when its objective was
// measured: feasible, or over a constraint with a measured value.
//
// Priors that rank well can still hold the search in their basin: they
// predict it, and the rest of the space, well enough, yet the optimum under
// the new constraint lies elsewhere (a 6.8 mm^2 evolution study as the prior
// of a 4.8 mm^2 one: the prior model's ranking loss stays near 0.1 while
// warm mbo ends 2x worse than cold, docs/optimizers.md). The ranking loss
// cannot see that, so split_batch() also keeps a share of every batch cold:
// each point is proposed with the priors with probability
// min(weight, kMaxPriorShare), else by the same optimizer without them
// (seeing all of this study's trials, the warm ones included) — a two-member
// portfolio in the spirit of P3BO, with the priors' member capped.
//
// Until the study has kProbeTrials measured trials there is nothing to
// measure: the weight is 1, and the model-based optimizers propose uniform
// probe trials first (probe_with_priors), so the weight is measured on
// designs spread over the space rather than only where the priors pointed.

#include <functional>
#include <string>
#include <vector>

#include "optimizers/optimizer.h"

namespace archex::opt {

struct PriorTrust {
  double weight = 1.0;    // in [0, 1]
  int measured = 0;       // measured trials of this study the weight came from (0: not measured)
  double prior_loss = 0;  // median ranking loss of the prior model over the bootstraps
  double own_loss = 0;    // the same for the out-of-fold model of the trials
};

// Measured trials before the weight is measured (and uniform probes with priors).
inline constexpr int kProbeTrials = 6;
// Below this weight an optimizer drops the priors altogether.
inline constexpr double kDropPriorsBelow = 0.2;
// Largest share of a batch proposed with the priors.
inline constexpr double kMaxPriorShare = 0.5;

// The weight of history.priors for this study. Weight 1 without priors or
// before kProbeTrials measured trials (then `rng` is not used).
PriorTrust measure_prior_trust(const SearchSpace& space, const History& history, Rng& rng);

// Whether a model-based optimizer should still draw a uniform probe: there
// are priors and fewer than kProbeTrials trials (measured or not) so far.
bool probe_with_priors(const History& history);

// `history` without its priors (the points stay known through
// history.observed, so they are not proposed again).
History without_priors(const History& history);

// Proposes `count` points for a history.
using Proposer = std::function<std::vector<Suggestion>(const History& history, int count)>;

// A batch of `count`: each point with the priors (`with_priors`) with
// probability min(weight, kMaxPriorShare), the others by `without` on the
// history without priors; the cold part is proposed first and the warm part
// sees it as pending.
std::vector<Suggestion> split_batch(const History& history, int count, double weight, Rng& rng,
                                    const Proposer& with_priors, const Proposer& without);

// Proposes `count` points for a history whose priors count `prior_weight`.
using WeightedProposer = std::function<std::vector<Suggestion>(const History& history, int count, double prior_weight)>;

// How a model-based optimizer proposes with priors: uniform probes (named
// `proposer`) until probe_with_priors() is false, then the priors weighted by
// measure_prior_trust() — with several objectives, the least trust over the
// objectives — dropped below kDropPriorsBelow, and proposing at most a share
// of the batch (split_batch). Without priors: `propose(history, count, 1)`.
std::vector<Suggestion> propose_with_priors(const SearchSpace& space, const History& history, int count, Rng& rng,
                                            const std::string& proposer, const WeightedProposer& propose);

}  // namespace archex::opt
