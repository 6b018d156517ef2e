#include "optimizers/model_based.h"

#include <algorithm>
#include <cmath>
#include <span>

#include "optimizers/acquisition_search.h"
#include "optimizers/acquisition_value.h"
#include "optimizers/feature_encoder.h"
#include "optimizers/feasibility_classifier.h"
#include "optimizers/fresh_points.h"
#include "optimizers/history_view.h"
#include "optimizers/mbo_model_chain.h"
#include "optimizers/output_warping.h"
#include "optimizers/prior_weight.h"
#include "optimizers/objective_views.h"
#include "optimizers/scalarized_improvement.h"
#include "optimizers/settings_reader.h"

namespace archex::opt {

namespace {

constexpr int kAnchors = 10;
// Share of the initial acquisition pool that mutates the best points (the
// rest is uniform, mostly outside the locality radius).
constexpr int kLocalSearchPct = 90;
// Several objectives: directions of the random scalarisations, and the
// candidates kept for the greedy batch selection.
constexpr int kScalarizations = 64;
constexpr int kMinBatchPool = 64;
constexpr int kBatchPoolPerSuggestion = 4;

int hamming(const Point& a, const Point& b) {
  int n = 0;
  for (std::size_t i = 0; i < a.size(); ++i) n += a[i] != b[i];
  return n;
}

// Hamming distances to the observations, for the locality check the scorer
// makes for every candidate against every observation. The points sit in one
// contiguous array, the anchors of the acquisition search first (most
// candidates are their mutations), then the most recent: so the best distance
// drops early, and counting stops at the best so far. The distance does not
// depend on that order.
class NearestDistance {
 public:
  NearestDistance(const std::vector<Point>& points, const std::vector<Point>& first)
      : dims_(points.empty() ? 0 : points.front().size()) {
    flat_.reserve((first.size() + points.size()) * dims_);
    for (const auto& p : first) flat_.insert(flat_.end(), p.begin(), p.end());
    for (auto it = points.rbegin(); it != points.rend(); ++it) flat_.insert(flat_.end(), it->begin(), it->end());
  }

  // Distance from p to the nearest point, or `stop` if none is closer.
  int operator()(const Point& p, int stop) const {
    int best = stop;
    for (std::size_t offset = 0; offset < flat_.size() && best > 0; offset += dims_) {
      const int* q = flat_.data() + offset;
      int n = 0;
      for (std::size_t i = 0; i < dims_ && n < best; ++i) n += p[i] != q[i];
      best = std::min(best, n);
    }
    return best;
  }

 private:
  std::size_t dims_;
  std::vector<int> flat_;
};

// Column i of an objective-major matrix of gains.
std::span<const double> column(const Eigen::MatrixXd& m, std::size_t i) {
  return {m.col(static_cast<Eigen::Index>(i)).data(), static_cast<std::size_t>(m.rows())};
}

}  // namespace

MboOptions MboOptions::parse(const std::string& optimizer, const Settings& settings) {
  MboOptions o;
  SettingsReader r(optimizer, settings);
  o.acquisition = r.choice("acquisition", o.acquisition, {"ucb", "ei"});
  o.kappa = r.real("kappa", o.kappa);
  o.initial_random = r.integer("initial_random", o.initial_random);
  o.replicas = r.integer("replicas", o.replicas);
  o.cv_folds = r.integer("cv_folds", o.cv_folds);
  o.min_cv_r2 = r.real("min_cv_r2", o.min_cv_r2);
  o.linear_member = r.boolean("linear_member", o.linear_member);
  o.hidden = r.integer("hidden", o.hidden);
  o.layers = r.integer("layers", o.layers);
  o.steps = r.integer("steps", o.steps);
  o.pretrain_steps = r.integer("pretrain_steps", o.pretrain_steps);
  o.learning_rate = r.real("learning_rate", o.learning_rate);
  o.prior_weight = r.real("prior_weight", o.prior_weight);
  o.feasibility_classifier = r.boolean("feasibility_classifier", o.feasibility_classifier);
  o.learn_violating = r.choice("learn_violating", o.learn_violating, {"priors", "all", "none"});
  o.locality = r.integer("locality", o.locality);
  o.search_generations = r.integer("search_generations", o.search_generations);
  o.search_pool = r.integer("search_pool", o.search_pool);
  o.batch_diversity = r.integer("batch_diversity", o.batch_diversity);
  o.threads = r.integer("threads", o.threads);
  o.training = r.choice("training", o.training, {"incremental", "scratch"});
  o.update_every = r.integer("update_every", o.update_every);
  o.update_steps = r.integer("update_steps", o.update_steps);
  o.replay_rows = r.integer("replay_rows", o.replay_rows);
  o.refit_every = r.integer("refit_every", o.refit_every);
  r.reject_unknown();
  o.validate(optimizer);
  return o;
}

void MboOptions::validate(const std::string& optimizer) const {
  auto at_least = [&](const char* key, int value, int min) {
    if (value < min) setting_error(optimizer, key, format_setting(value), "an integer >= " + format_setting(min));
  };
  if (!(kappa >= 0)) setting_error(optimizer, "kappa", format_setting(kappa), "a number >= 0");
  at_least("initial_random", initial_random, 2);
  at_least("replicas", replicas, 2);
  if (cv_folds < 0 || cv_folds == 1)
    setting_error(optimizer, "cv_folds", format_setting(cv_folds), "0 (no cross-validation) or an integer >= 2");
  if (!(min_cv_r2 <= 1)) setting_error(optimizer, "min_cv_r2", format_setting(min_cv_r2), "a number <= 1");
  at_least("hidden", hidden, 1);
  at_least("layers", layers, 1);
  at_least("steps", steps, 1);
  at_least("pretrain_steps", pretrain_steps, 0);
  if (!(learning_rate > 0)) setting_error(optimizer, "learning_rate", format_setting(learning_rate), "a number > 0");
  if (!(prior_weight >= 0 && prior_weight <= 1))
    setting_error(optimizer, "prior_weight", format_setting(prior_weight), "a number in [0, 1]");
  at_least("locality", locality, 1);
  at_least("search_generations", search_generations, 0);
  at_least("search_pool", search_pool, 10);
  at_least("batch_diversity", batch_diversity, 1);
  at_least("threads", threads, 1);
  at_least("update_every", update_every, 1);
  at_least("update_steps", update_steps, 1);
  at_least("replay_rows", replay_rows, 0);
  at_least("refit_every", refit_every, 0);
}

std::vector<SettingInfo> MboOptions::describe() {
  const MboOptions d;
  return {
      {"acquisition", d.acquisition, "ucb (ensemble mean + kappa * sd) or ei (expected improvement)"},
      {"kappa", format_setting(d.kappa), "UCB exploration weight on the ensemble sd"},
      {"initial_random", format_setting(d.initial_random), "uniform trials before the first model (without priors)"},
      {"replicas", format_setting(d.replicas), "bootstrap replicas per member type (MLP, additive ridge)"},
      {"cv_folds", format_setting(d.cv_folds), "k of the k-fold cross-validation that selects member types; 0 = off"},
      {"min_cv_r2", format_setting(d.min_cv_r2), "out-of-fold R^2 a member type needs to be kept"},
      {"linear_member", format_setting(d.linear_member), "include the additive ridge member"},
      {"hidden", format_setting(d.hidden), "MLP units per hidden layer"},
      {"layers", format_setting(d.layers), "MLP hidden layers"},
      {"steps", format_setting(d.steps), "full-batch Adam steps per training"},
      {"pretrain_steps", format_setting(d.pretrain_steps), "Adam steps on the priors before all data (transfer)"},
      {"learning_rate", format_setting(d.learning_rate), "Adam learning rate"},
      {"prior_weight", format_setting(d.prior_weight), "weight of a prior trial relative to a trial of this study"},
      {"feasibility_classifier", format_setting(d.feasibility_classifier),
       "weight the acquisition by an MLP estimate of the probability of feasibility"},
      {"learn_violating", d.learn_violating,
       "train the objective ensemble also on measured designs over a constraint: priors, all (trials too) or none"},
      {"locality", format_setting(d.locality),
       "max Hamming distance from an observation the ensemble learnt from for a candidate to be considered"},
      {"search_generations", format_setting(d.search_generations), "evolutionary acquisition search rounds"},
      {"search_pool", format_setting(d.search_pool), "candidates kept per acquisition search round"},
      {"batch_diversity", format_setting(d.batch_diversity), "minimum Hamming distance between points of a batch"},
      {"threads", format_setting(d.threads), "torch intra-op threads (fixed, for reproducible training)"},
      {"training", d.training,
       "incremental (update the previous models, saved with the study) or scratch (refit on every call)"},
      {"update_every", format_setting(d.update_every), "trials between model updates (incremental training)"},
      {"update_steps", format_setting(d.update_steps), "Adam steps of an update (incremental training)"},
      {"replay_rows", format_setting(d.replay_rows), "earlier rows trained alongside the new ones in an update"},
      {"refit_every", format_setting(d.refit_every), "updates between refits from nothing; 0 = never"},
  };
}

MlpOptions MboOptions::mlp() const { return {hidden, layers, learning_rate, MlpOptions{}.weight_decay, threads}; }

EnsembleOptions MboOptions::ensemble() const {
  EnsembleOptions e;
  e.replicas = replicas;
  e.cv_folds = cv_folds;
  e.min_cv_r2 = min_cv_r2;
  e.linear_member = linear_member;
  e.mlp = mlp();
  e.steps = steps;
  e.pretrain_steps = pretrain_steps;
  e.prior_weight = prior_weight;
  e.update_steps = update_steps;
  e.replay_rows = replay_rows;
  return e;
}

ModelBasedOptimizer::ModelBasedOptimizer(const SearchSpace& space, const Settings& settings)
    : space_(space), options_(MboOptions::parse(kName, settings)) {
  if (options_.training == "incremental") chain_ = std::make_unique<MboModelChain>(space_, options_);
}

ModelBasedOptimizer::~ModelBasedOptimizer() = default;

void ModelBasedOptimizer::restore_state(const SavedState& state) {
  if (chain_) chain_->restore(state);
}

std::optional<SavedState> ModelBasedOptimizer::take_state() {
  return chain_ ? chain_->take_state() : std::nullopt;
}

std::vector<std::string> ModelBasedOptimizer::take_notices() {
  return chain_ ? chain_->take_notices() : std::vector<std::string>{};
}

OptimizerInfo ModelBasedOptimizer::info() {
  return {kName, "model-based: MLP + additive ensemble chosen by k-fold CV, mean + kappa*sd, evolutionary search",
          MboOptions::describe()};
}

std::vector<Suggestion> ModelBasedOptimizer::suggest(const History& history, int count, Rng& rng) {
  // Studies with priors train from scratch: the priors' weight changes from
  // call to call (prior_weight.h), which an incremental model cannot follow;
  // so do studies of several objectives (one ensemble per objective).
  if (history.priors.empty() && history.objectives == 1) return propose(history, count, 1.0, rng, chain_ != nullptr);
  return propose_with_priors(space_, history, count, rng, kName, [&](const History& h, int n, double weight) {
    return h.objectives > 1 ? propose_pareto(h, n, weight, rng) : propose(h, n, weight, rng, false);
  });
}

MboModel ModelBasedOptimizer::train(const MboTrainingSet& data, double prior_weight, bool with_classifier,
                                    Rng& rng) const {
  // Regression on the observations with a measured objective; feasibility
  // has its own model. Priors weigh as much as they predict this study.
  MboModel model;
  EnsembleOptions ensemble = options_.ensemble();
  ensemble.prior_weight *= prior_weight;
  ensemble.pretrain_steps = static_cast<int>(std::lround(ensemble.pretrain_steps * prior_weight));
  model.surrogate = std::make_unique<EnsembleSurrogate>(space_, ensemble);
  model.surrogate->fit(data.points, data.labels, data.is_prior, rng);
  if (with_classifier && options_.feasibility_classifier &&
      data.warped.feasible_count < static_cast<int>(data.observations.size())) {
    model.classifier = std::make_unique<FeasibilityClassifier>(space_, options_.mlp(), options_.steps);
    model.classifier->fit(data.observations, data.priors, options_.prior_weight * prior_weight, rng);
  }
  return model;
}

std::vector<ScoredPoint> ModelBasedOptimizer::search(const BatchScorer& scorer, const std::vector<Point>& anchors,
                                                     const BatchBuilder& batch, Rng& rng) const {
  AcquisitionSearchOptions search;
  search.generations = options_.search_generations;
  search.pool = options_.search_pool;
  search.local_fraction_pct = kLocalSearchPct;
  return maximise_acquisition(space_, scorer, anchors, batch.taken(), search, rng);
}

void ModelBasedOptimizer::choose_spread(const std::vector<ScoredPoint>& ranked, BatchBuilder& batch) const {
  std::vector<Point> chosen;
  for (int min_distance = options_.batch_diversity; min_distance >= 1 && !batch.full(); --min_distance) {
    for (const auto& c : ranked) {
      if (batch.full()) break;
      if (batch.taken().contains(c.point)) continue;
      bool far = true;
      for (const auto& s : chosen) far = far && hamming(s, c.point) >= min_distance;
      if (!far) continue;
      chosen.push_back(c.point);
      batch.add(c.point);
    }
  }
}

std::vector<Suggestion> ModelBasedOptimizer::propose(const History& history, int count, double prior_weight,
                                                     Rng& rng, bool incremental) {
  BatchBuilder batch(space_, history, kName, count);
  const MboTrainingSet data = mbo_training_set(history, static_cast<int>(history.trials.size()), options_);
  if (!data.ready) {
    batch.fill_random(rng);
    return batch.take();
  }
  const std::vector<Point>& points = data.points;
  const WarpedLabels& warped = data.warped;
  MboModel scratch;
  const MboModel* model = &scratch;
  if (incremental) {
    model = chain_->model_for(history, data);
  } else {
    scratch = train(data, prior_weight, true, rng);
  }
  const EnsembleSurrogate& surrogate = *model->surrogate;
  const FeasibilityClassifier* classifier = model->classifier.get();

  const Acquisition acquisition(
      options_.acquisition == "ei" ? Acquisition::Kind::kExpectedImprovement : Acquisition::Kind::kUcb,
      options_.kappa, warped.best_label, warped.infeasible_label);
  const std::vector<Point> anchors = points_of(best_feasible(data.observations, kAnchors));
  const NearestDistance nearest(points, anchors);
  const BatchScorer scorer = [&](const std::vector<Point>& candidates) {
    const auto prediction = surrogate.predict(candidates);
    const Eigen::VectorXd p =
        classifier ? classifier->probability(candidates) : Eigen::VectorXd::Ones(candidates.size());
    std::vector<double> s(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const int distance = nearest(candidates[i], options_.locality + 1);
      s[i] = distance > options_.locality ? warped.infeasible_label - distance
                                          : acquisition(prediction.mean[i], prediction.sd[i], p[i]);
    }
    return s;
  };
  const std::vector<ScoredPoint> ranked = search(scorer, anchors, batch, rng);
  choose_spread(ranked, batch);  // best candidates first, keeping the batch spread out
  batch.fill_random(rng);
  return batch.take();
}

std::vector<Suggestion> ModelBasedOptimizer::propose_pareto(const History& history, int count, double prior_weight,
                                                            Rng& rng) const {
  BatchBuilder batch(space_, history, kName, count);
  const ObjectiveViews views(history);
  const int trials = static_cast<int>(history.trials.size());
  std::vector<MboTrainingSet> data;
  for (int k = 0; k < views.count(); ++k) data.push_back(mbo_training_set(views.view(k), trials, options_));
  if (!data[0].ready) {
    batch.fill_random(rng);
    return batch.take();
  }
  std::vector<MboModel> models;
  std::vector<GainScale> scales;
  for (int k = 0; k < views.count(); ++k) {
    models.push_back(train(data[k], prior_weight, k == 0, rng));
    scales.emplace_back(data[k].warped.infeasible_label, data[k].warped.best_label);
  }
  const FeasibilityClassifier* classifier = models[0].classifier.get();

  // The front: this study's feasible trials, in gain space.
  ScalarizedImprovement front(views.count(), kScalarizations, rng);
  const std::size_t first_trial = data[0].priors;
  std::vector<double> gains(views.count());
  for (std::size_t i = first_trial; i < data[0].observations.size(); ++i) {
    if (!data[0].observations[i]->feasible) continue;
    for (int k = 0; k < views.count(); ++k) gains[k] = scales[k](data[k].warped.labels[i]);
    front.add(gains);
  }
  // Optimistic (UCB) and believed (mean) gains of candidates, objective-major.
  auto predict_gains = [&](const std::vector<Point>& candidates, double kappa) {
    Eigen::MatrixXd g(views.count(), candidates.size());
    for (int k = 0; k < views.count(); ++k) {
      const auto prediction = models[k].surrogate->predict(candidates);
      for (std::size_t i = 0; i < candidates.size(); ++i)
        g(k, i) = scales[k](prediction.mean[i] + kappa * prediction.sd[i]);
    }
    return g;
  };
  const std::vector<Point> anchors = points_of(pareto_anchors(data[0].observations, kAnchors));
  const NearestDistance nearest(data[0].points, anchors);
  auto score_all = [&](const std::vector<Point>& candidates, const Eigen::MatrixXd& optimistic,
                       const Eigen::VectorXd& p) {
    std::vector<double> s(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const int distance = nearest(candidates[i], options_.locality + 1);
      s[i] = distance > options_.locality ? -1.0 - distance
                                          : front.score(column(optimistic, i), p[i]);
    }
    return s;
  };
  auto feasibility = [&](const std::vector<Point>& candidates) {
    return classifier ? classifier->probability(candidates) : Eigen::VectorXd::Ones(candidates.size());
  };
  const BatchScorer scorer = [&](const std::vector<Point>& candidates) {
    return score_all(candidates, predict_gains(candidates, options_.kappa), feasibility(candidates));
  };
  const std::vector<ScoredPoint> ranked = search(scorer, anchors, batch, rng);

  // Greedy batch over the best candidates: each pick's predicted vector joins
  // the front, so the next one aims at another part of it.
  const int pool = std::min<int>(ranked.size(), std::max(kMinBatchPool, kBatchPoolPerSuggestion * count));
  std::vector<Point> candidates;
  for (int i = 0; i < pool; ++i) candidates.push_back(ranked[i].point);
  const Eigen::MatrixXd optimistic = predict_gains(candidates, options_.kappa);
  const Eigen::MatrixXd believed = predict_gains(candidates, 0.0);
  const Eigen::VectorXd p = feasibility(candidates);
  std::vector<bool> chosen(pool, false);
  std::vector<Point> picked;
  while (!batch.full()) {
    const std::vector<double> s = score_all(candidates, optimistic, p);
    int best = -1;
    for (int min_distance = options_.batch_diversity; min_distance >= 1 && best < 0; --min_distance)
      for (int i = 0; i < pool; ++i) {
        if (chosen[i] || (best >= 0 && s[i] <= s[best])) continue;
        bool far = true;
        for (const auto& q : picked) far = far && hamming(q, candidates[i]) >= min_distance;
        if (far) best = i;
      }
    if (best < 0) break;
    chosen[best] = true;
    picked.push_back(candidates[best]);
    batch.add(candidates[best]);
    front.add(column(believed, best));
  }
  batch.fill_random(rng);  // pool exhausted
  return batch.take();
}

}  // namespace archex::opt
