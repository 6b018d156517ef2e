#include "optimizers/prior_weight.h"

#include <algorithm>
#include <numeric>

#include <Eigen/Core>

#include "optimizers/additive_ridge.h"
#include "optimizers/fresh_points.h"
#include "optimizers/objective_views.h"
#include "optimizers/random_utils.h"

namespace archex::opt {

namespace {

// Bootstrap resamples (RGPE uses 1,000 samples of its loss; 100 keep the
// weight's step below 1 % at a fraction of the cost).
constexpr int kBootstrap = 100;
// Folds of the out-of-fold model of the study's own trials.
constexpr int kFolds = 5;
// Most recent measured trials the losses are computed on (pairs grow with the square).
constexpr int kMaxMeasured = 150;
// L2 penalty of the additive models (labels are ranks in [-0.5, 0.5]).
constexpr double kRidge = 1.0;
// RGPE's dilution guard: the priors are dropped when their median loss is
// above this quantile of the own model's loss.
constexpr double kDilutionQuantile = 0.95;

struct Measured {
  std::vector<Point> points;
  std::vector<double> values;  // minimised
};

void add_measured(const Observation& o, Measured& out) {
  if (o.feasible) {
    out.points.push_back(o.point);
    out.values.push_back(o.value);
  } else if (o.violating_value) {
    out.points.push_back(o.point);
    out.values.push_back(*o.violating_value);
  }
}

// Ranks scaled to [-0.5, 0.5] (ties share the mean rank).
Eigen::VectorXd rank_labels(const std::vector<double>& values) {
  const int n = static_cast<int>(values.size());
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return values[a] < values[b]; });
  Eigen::VectorXd rank(n);
  for (int i = 0; i < n;) {
    int j = i;
    while (j + 1 < n && values[order[j + 1]] == values[order[i]]) ++j;
    for (int k = i; k <= j; ++k) rank[order[k]] = 0.5 * (i + j);
    i = j + 1;
  }
  return n > 1 ? Eigen::VectorXd(rank.array() / (n - 1) - 0.5) : Eigen::VectorXd::Zero(n);
}

Eigen::VectorXd fit_and_predict(const SearchSpace& space, const std::vector<Point>& train,
                                const std::vector<double>& values, const std::vector<Point>& at) {
  AdditiveRidge model(space, kRidge);
  model.fit(train, rank_labels(values), Eigen::VectorXd::Ones(train.size()));
  return model.predict(at);
}

// Fraction of the pairs of `sample` with different values that `predicted` orders wrongly.
double ranking_loss(const std::vector<int>& sample, const std::vector<double>& values,
                    const Eigen::VectorXd& predicted) {
  long pairs = 0, wrong = 0;
  for (std::size_t a = 0; a < sample.size(); ++a)
    for (std::size_t b = a + 1; b < sample.size(); ++b) {
      const int i = sample[a], j = sample[b];
      if (values[i] == values[j]) continue;
      ++pairs;
      wrong += (predicted[i] < predicted[j]) != (values[i] < values[j]);
    }
  return pairs ? static_cast<double>(wrong) / static_cast<double>(pairs) : 0.5;
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double at = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(at);
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (at - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

}  // namespace

PriorTrust measure_prior_trust(const SearchSpace& space, const History& history, Rng& rng) {
  PriorTrust trust;
  if (history.priors.empty()) return trust;
  Measured own, prior;
  for (const auto& o : history.trials) add_measured(o, own);
  for (const auto& o : history.priors) add_measured(o, prior);
  if (static_cast<int>(own.values.size()) < kProbeTrials) return trust;
  if (prior.values.size() < 2) {  // the priors measured nothing: nothing to transfer
    trust.weight = 0;
    return trust;
  }
  if (static_cast<int>(own.values.size()) > kMaxMeasured) {
    own.points.erase(own.points.begin(), own.points.end() - kMaxMeasured);
    own.values.erase(own.values.begin(), own.values.end() - kMaxMeasured);
  }
  const int n = static_cast<int>(own.values.size());
  trust.measured = n;

  const Eigen::VectorXd by_priors = fit_and_predict(space, prior.points, prior.values, own.points);
  // Out of fold: trial i is predicted by a model of the other folds (fold = i mod k).
  Eigen::VectorXd by_own(n);
  const int folds = std::min(kFolds, n);
  for (int k = 0; k < folds; ++k) {
    std::vector<Point> train, held_out;
    std::vector<double> values;
    std::vector<int> rows;
    for (int i = 0; i < n; ++i) {
      if (i % folds == k) {
        held_out.push_back(own.points[i]);
        rows.push_back(i);
      } else {
        train.push_back(own.points[i]);
        values.push_back(own.values[i]);
      }
    }
    const Eigen::VectorXd p = fit_and_predict(space, train, values, held_out);
    for (std::size_t r = 0; r < rows.size(); ++r) by_own[rows[r]] = p[r];
  }

  std::vector<double> prior_losses, own_losses;
  double wins = 0;
  std::vector<int> sample(n);
  for (int b = 0; b < kBootstrap; ++b) {
    for (int& i : sample) i = uniform_index(rng, n);
    const double lp = ranking_loss(sample, own.values, by_priors);
    const double lo = ranking_loss(sample, own.values, by_own);
    wins += lp < lo ? 1.0 : lp == lo ? 0.5 : 0.0;
    prior_losses.push_back(lp);
    own_losses.push_back(lo);
  }
  trust.prior_loss = quantile(prior_losses, 0.5);
  trust.own_loss = quantile(own_losses, 0.5);
  trust.weight = trust.prior_loss > quantile(own_losses, kDilutionQuantile) ? 0.0 : wins / kBootstrap;
  return trust;
}

bool probe_with_priors(const History& history) {
  return !history.priors.empty() && static_cast<int>(history.trials.size()) < kProbeTrials;
}

History without_priors(const History& history) {
  History h = history;
  h.priors = {};
  return h;
}

std::vector<Suggestion> split_batch(const History& history, int count, double weight, Rng& rng,
                                    const Proposer& with_priors, const Proposer& without) {
  const double share = std::min(weight, kMaxPriorShare);
  int warm = 0;
  for (int i = 0; i < count; ++i) warm += uniform01(rng) < share;
  std::vector<Suggestion> out;
  if (warm < count) out = without(without_priors(history), count - warm);
  if (warm == 0) return out;
  // The warm part avoids what the cold part proposed.
  std::vector<Point> pending(history.pending.begin(), history.pending.end());
  for (const auto& s : out) pending.push_back(s.point);
  History rest = history;
  rest.pending = pending;
  for (auto& s : with_priors(rest, warm)) out.push_back(std::move(s));
  return out;
}

std::vector<Suggestion> propose_with_priors(const SearchSpace& space, const History& history, int count, Rng& rng,
                                            const std::string& proposer, const WeightedProposer& propose) {
  if (history.priors.empty()) return propose(history, count, 1.0);
  if (probe_with_priors(history)) {  // spread trials to measure the priors on
    BatchBuilder batch(space, history, proposer, count);
    batch.fill_random(rng);
    return batch.take();
  }
  double weight = 1.0;
  if (history.objectives > 1) {
    const ObjectiveViews views(history);
    for (int k = 0; k < views.count(); ++k) weight = std::min(weight, measure_prior_trust(space, views.view(k), rng).weight);
  } else {
    weight = measure_prior_trust(space, history, rng).weight;
  }
  if (weight < kDropPriorsBelow) return propose(without_priors(history), count, 1.0);
  return split_batch(
      history, count, weight, rng, [&](const History& h, int n) { return propose(h, n, weight); },
      [&](const History& h, int n) { return propose(h, n, 1.0); });
}

}  // namespace archex::opt
