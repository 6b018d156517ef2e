#include "optimizers/gp_bandit.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <random>

#include "optimizers/acquisition_search.h"
#include "optimizers/acquisition_value.h"
#include "optimizers/feature_encoder.h"
#include "optimizers/fresh_points.h"
#include "optimizers/history_view.h"
#include "optimizers/normal_distribution.h"
#include "optimizers/output_warping.h"
#include "optimizers/prior_weight.h"
#include "optimizers/objective_views.h"
#include "optimizers/scalarized_improvement.h"
#include "optimizers/settings_reader.h"
#include "optimizers/stacked_gp.h"
#include "optimizers/trust_region.h"

namespace archex::opt {

namespace {

// Best observations the acquisition search starts around.
constexpr int kAnchors = 10;
// Candidates kept for batch selection: enough that fantasies can push the
// batch away from the single best region.
constexpr int kMinBatchPool = 64;
constexpr int kBatchPoolPerSuggestion = 4;
// Several objectives: directions of the random hypervolume scalarisations.
constexpr int kScalarizations = 64;

KernelLayout layout_of(const FeatureEncoder& encoder) {
  KernelLayout layout;
  layout.num_parameters = encoder.num_parameters();
  for (int f = 0; f < encoder.num_features(); ++f) layout.parameter_of_feature.push_back(encoder.parameter_of(f));
  return layout;
}

Eigen::MatrixXd select_rows(const Eigen::MatrixXd& m, const std::vector<int>& rows) {
  Eigen::MatrixXd out(rows.size(), m.cols());
  for (std::size_t i = 0; i < rows.size(); ++i) out.row(i) = m.row(rows[i]);
  return out;
}

// Entries rows[i] - offset of v.
Eigen::VectorXd select(const std::vector<double>& v, const std::vector<int>& rows, int offset = 0) {
  Eigen::VectorXd out(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out[i] = v[rows[i] - offset];
  return out;
}

// Sharpness of the feasibility squashing: a +-1 regression mean of 1 maps to
// a probability of Phi(2) = 0.98 next to the data, less far from it.
constexpr double kFeasibilitySharpness = 2.0;

// The objective GP stack and, with the feasibility model, a feasibility GP
// stack; a level for the priors (if any) and one for this study's trials.
struct Surrogates {
  StackedGp objective, feasibility;

  Surrogates(const GpBanditOptions& options, const FeatureEncoder& encoder, const Eigen::MatrixXd& x,
             const std::vector<const Observation*>& observations, const WarpedLabels& warped, int n_priors,
             double prior_weight, const GpHyperparameters* trials_hyper, Rng& rng, bool with_feasibility = true)
      : objective(layout_of(encoder), stack_options(options)), feasibility(layout_of(encoder), stack_options(options)) {
    // With a feasibility model the objective GP sees only feasible points (the
    // constraint's cliff would otherwise shrink its length scales); without
    // one, infeasible points enter it with the warped "bad" label, as in Vizier.
    const bool separate_feasibility =
        options.feasibility_model && warped.feasible_count < static_cast<int>(observations.size());
    for (const auto& [begin, end] : {std::pair{0, n_priors}, std::pair{n_priors, static_cast<int>(x.rows())}}) {
      // The priors' level counts as much as they predict this study (prior_weight.h).
      const double scale = begin == 0 && n_priors > 0 ? prior_weight : 1.0;
      std::vector<int> rows;
      for (int i = begin; i < end; ++i)
        if (observations[i]->feasible || !separate_feasibility) rows.push_back(i);
      objective.add_level(select_rows(x, rows), select(warped.labels, rows), rng, scale,
                          begin == n_priors && !separate_feasibility ? trials_hyper : nullptr);
      if (!separate_feasibility || !with_feasibility) continue;
      std::vector<int> all(end - begin);
      std::iota(all.begin(), all.end(), begin);
      std::vector<double> labels;
      for (int i : all) labels.push_back(observations[i]->feasible ? 1.0 : -1.0);
      feasibility.add_level(select_rows(x, all), select(labels, all, begin), rng, scale);
    }
  }

  // Probability of feasibility per feature row (1 without the model).
  Eigen::VectorXd p_feasible(const Eigen::MatrixXd& features) const {
    Eigen::VectorXd p = Eigen::VectorXd::Ones(features.rows());
    if (feasibility.empty()) return p;
    const auto post = feasibility.posterior(features);
    const Eigen::VectorXd rel = post.relative_variance();
    for (Eigen::Index i = 0; i < p.size(); ++i)
      p[i] = normal_cdf(kFeasibilitySharpness * post.mean()[i] / std::sqrt(1.0 + rel[i]));
    return p;
  }

  static StackedGpOptions stack_options(const GpBanditOptions& options) {
    StackedGpOptions o;
    o.max_points = options.max_points;
    o.max_fit_points = options.max_fit_points;
    o.fit = {options.fit_restarts, options.fit_iterations};
    return o;
  }
};

// The acquisition search from `anchors`, then what a batch is chosen from:
// the best `pool` candidates, followed by the running trials (which the
// caller fantasises before choosing).
struct CandidatePool {
  std::vector<Point> points;
  int pool = 0;
};
CandidatePool candidate_pool(const SearchSpace& space, const GpBanditOptions& options, const BatchScorer& scorer,
                             const std::vector<Point>& anchors, const BatchBuilder& batch, const History& history,
                             int count, Rng& rng) {
  AcquisitionSearchOptions search;
  search.generations = options.search_generations;
  search.pool = options.search_pool;
  const std::vector<ScoredPoint> ranked = maximise_acquisition(space, scorer, anchors, batch.taken(), search, rng);
  CandidatePool out;
  out.pool = std::min<int>(ranked.size(), std::max(kMinBatchPool, kBatchPoolPerSuggestion * count));
  for (int i = 0; i < out.pool; ++i) out.points.push_back(ranked[i].point);
  for (const auto& p : history.pending) out.points.push_back(p);
  return out;
}

// Fills the batch from the first `pool` candidates, each time with the best
// by the current scores (`rescore()`), telling the models of every pick
// (`picked(index)`: a fantasy, so the next scores move away from it).
template <class Rescore, class Picked>
void pick_greedily(const std::vector<Point>& candidates, int pool, BatchBuilder& batch, Rescore rescore,
                   Picked picked) {
  std::vector<bool> chosen(pool, false);
  while (!batch.full()) {
    const std::vector<double> s = rescore();
    int best = -1;
    for (int i = 0; i < pool; ++i)
      if (!chosen[i] && (best < 0 || s[i] > s[best])) best = i;
    if (best < 0) break;
    chosen[best] = true;
    batch.add(candidates[best]);
    picked(best);
  }
}

}  // namespace

GpBanditOptions GpBanditOptions::parse(const std::string& optimizer, const Settings& settings) {
  GpBanditOptions o;
  SettingsReader r(optimizer, settings);
  o.acquisition = r.choice("acquisition", o.acquisition, {"ucb", "ei"});
  o.ucb_coefficient = r.real("ucb_coefficient", o.ucb_coefficient);
  o.initial_random = r.integer("initial_random", o.initial_random);
  o.max_points = r.integer("max_points", o.max_points);
  o.max_fit_points = r.integer("max_fit_points", o.max_fit_points);
  o.fit_restarts = r.integer("fit_restarts", o.fit_restarts);
  o.fit_iterations = r.integer("fit_iterations", o.fit_iterations);
  o.trust_region = r.boolean("trust_region", o.trust_region);
  o.feasibility_model = r.boolean("feasibility_model", o.feasibility_model);
  o.search_generations = r.integer("search_generations", o.search_generations);
  o.search_pool = r.integer("search_pool", o.search_pool);
  o.fit_every = r.integer("fit_every", o.fit_every);
  r.reject_unknown();
  o.validate(optimizer);
  return o;
}

void GpBanditOptions::validate(const std::string& optimizer) const {
  if (!(ucb_coefficient >= 0))
    setting_error(optimizer, "ucb_coefficient", format_setting(ucb_coefficient), "a number >= 0");
  if (initial_random < 1) setting_error(optimizer, "initial_random", format_setting(initial_random), "an integer >= 1");
  if (max_points < 10) setting_error(optimizer, "max_points", format_setting(max_points), "an integer >= 10");
  if (max_fit_points < 10 || max_fit_points > max_points)
    setting_error(optimizer, "max_fit_points", format_setting(max_fit_points),
                  "an integer in [10, max_points = " + format_setting(max_points) + "]");
  if (fit_restarts < 1) setting_error(optimizer, "fit_restarts", format_setting(fit_restarts), "an integer >= 1");
  if (fit_iterations < 1)
    setting_error(optimizer, "fit_iterations", format_setting(fit_iterations), "an integer >= 1");
  if (search_generations < 0)
    setting_error(optimizer, "search_generations", format_setting(search_generations), "an integer >= 0");
  if (search_pool < 10) setting_error(optimizer, "search_pool", format_setting(search_pool), "an integer >= 10");
  if (fit_every < 1) setting_error(optimizer, "fit_every", format_setting(fit_every), "an integer >= 1");
}

std::vector<SettingInfo> GpBanditOptions::describe() {
  const GpBanditOptions d;
  return {
      {"acquisition", d.acquisition, "ucb (mean + coefficient * sd) or ei (expected improvement)"},
      {"ucb_coefficient", format_setting(d.ucb_coefficient), "UCB exploration weight (Vizier: 1.8)"},
      {"initial_random", format_setting(d.initial_random), "uniform trials before the GP (without priors)"},
      {"max_points", format_setting(d.max_points), "observations per GP (best half + random rest above)"},
      {"max_fit_points", format_setting(d.max_fit_points),
       "observations the kernel hyper-parameters are fitted on, <= max_points"},
      {"fit_restarts", format_setting(d.fit_restarts), "L-BFGS (Ceres) starts for the hyper-parameters"},
      {"fit_iterations", format_setting(d.fit_iterations), "L-BFGS iterations per start"},
      {"trust_region", format_setting(d.trust_region), "restrict proposals near observed points early on"},
      {"feasibility_model", format_setting(d.feasibility_model),
       "weight the acquisition by a GP estimate of the probability of feasibility"},
      {"search_generations", format_setting(d.search_generations), "evolutionary acquisition search rounds"},
      {"search_pool", format_setting(d.search_pool), "candidates kept per acquisition search round"},
      {"fit_every", format_setting(d.fit_every),
       "trials between hyper-parameter fits once the study has that many (reused in between); 1 = every call"},
  };
}

GpBandit::GpBandit(const SearchSpace& space, const Settings& settings)
    : space_(space), options_(GpBanditOptions::parse(kName, settings)) {}

OptimizerInfo GpBandit::info() {
  return {kName, "Vizier-like GP bandit: Matern-5/2 ARD GP (Ceres), UCB/EI, trust region, transfer by stacking",
          GpBanditOptions::describe()};
}

std::vector<Suggestion> GpBandit::suggest(const History& history, int count, Rng& rng) {
  // Without priors, one objective: the trials' hyper-parameters may be reused
  // between fit_every checkpoints.
  if (history.priors.empty() && history.objectives == 1) return propose(history, count, 1.0, rng, true);
  return propose_with_priors(space_, history, count, rng, kName, [&](const History& h, int n, double weight) {
    return h.objectives > 1 ? propose_pareto(h, n, weight, rng) : propose(h, n, weight, rng);
  });
}

const GpHyperparameters* GpBandit::checkpoint_hyperparameters(const History& history) {
  const int n = static_cast<int>(history.trials.size());
  if (options_.fit_every <= 1 || n < options_.fit_every || options_.feasibility_model) return nullptr;
  const int checkpoint = n / options_.fit_every * options_.fit_every;
  if (checkpoint_trials_ == checkpoint) return &checkpoint_;
  std::vector<const Observation*> observations;
  for (int t = 0; t < checkpoint; ++t) observations.push_back(&history.trials[t]);
  const WarpedLabels warped = warp_labels(observations);
  const FeatureEncoder encoder(space_);
  // Draws seeded by the checkpoint and its last trials' points (which the study seed decided).
  std::vector<std::uint32_t> seed = {0x67706231u /* "gpb1" */, static_cast<std::uint32_t>(checkpoint)};
  for (int t = checkpoint - options_.fit_every; t < checkpoint; ++t)
    for (int v : history.trials[t].point) seed.push_back(static_cast<std::uint32_t>(v));
  std::seed_seq sequence(seed.begin(), seed.end());
  Rng rng(sequence);
  const StackedGp stack(layout_of(encoder), Surrogates::stack_options(options_));
  checkpoint_ = stack.fit_first_level(encoder.encode(points_of(observations)),
                                      Eigen::Map<const Eigen::VectorXd>(warped.labels.data(),
                                                                        static_cast<Eigen::Index>(warped.labels.size())),
                                      rng);
  checkpoint_trials_ = checkpoint;
  return &checkpoint_;
}

std::vector<Suggestion> GpBandit::propose(const History& history, int count, double prior_weight, Rng& rng,
                                          bool reuse_fit) {
  BatchBuilder batch(space_, history, kName, count);
  if (history.priors.empty() && static_cast<int>(history.trials.size()) < options_.initial_random) {
    batch.fill_random(rng);
    return batch.take();
  }

  const auto observations = all_observations(history);
  const WarpedLabels warped = warp_labels(observations);
  const FeatureEncoder encoder(space_);
  const Eigen::MatrixXd x = encoder.encode(points_of(observations));
  const GpHyperparameters* hyper = reuse_fit ? checkpoint_hyperparameters(history) : nullptr;
  const Surrogates models(options_, encoder, x, observations, warped, static_cast<int>(history.priors.size()),
                          prior_weight, hyper, rng);

  const TrustRegion region(options_.trust_region ? x : Eigen::MatrixXd(0, x.cols()), encoder);
  const Acquisition acquisition(
      options_.acquisition == "ei" ? Acquisition::Kind::kExpectedImprovement : Acquisition::Kind::kUcb,
      options_.ucb_coefficient, warped.best_label, warped.infeasible_label);
  auto score_all = [&](const StackedGp::Posterior& post, const Eigen::VectorXd& p,
                       const std::vector<double>& distance) {
    const Eigen::VectorXd sd = post.sd();
    std::vector<double> s(p.size());
    for (Eigen::Index i = 0; i < p.size(); ++i)
      s[i] = region.active() && distance[i] > region.radius() ? TrustRegion::outside_score(distance[i])
                                                              : acquisition(post.mean()[i], sd[i], p[i]);
    return s;
  };
  auto distances = [&](const Eigen::MatrixXd& features) {
    std::vector<double> d(features.rows(), 0.0);
    if (region.active())
      for (Eigen::Index i = 0; i < features.rows(); ++i) d[i] = region.distance(features.row(i));
    return d;
  };

  const BatchScorer scorer = [&](const std::vector<Point>& points) {
    const Eigen::MatrixXd features = encoder.encode(points);
    return score_all(models.objective.posterior(features), models.p_feasible(features), distances(features));
  };
  // Batch selection among the best candidates; running trials are fantasised first.
  const auto [candidates, pool] = candidate_pool(space_, options_, scorer, points_of(best_feasible(observations, kAnchors)),
                                                 batch, history, count, rng);
  const Eigen::MatrixXd features = encoder.encode(candidates);
  StackedGp::Posterior post = models.objective.posterior(features, true);
  for (int i = pool; i < static_cast<int>(candidates.size()); ++i) post.add_fantasy(i);
  const std::vector<double> distance = distances(features);
  const Eigen::VectorXd p = models.p_feasible(features);
  pick_greedily(
      candidates, pool, batch, [&] { return score_all(post, p, distance); }, [&](int c) { post.add_fantasy(c); });
  batch.fill_random(rng);  // pool exhausted
  return batch.take();
}

std::vector<Suggestion> GpBandit::propose_pareto(const History& history, int count, double prior_weight,
                                                 Rng& rng) const {
  BatchBuilder batch(space_, history, kName, count);
  if (history.priors.empty() && static_cast<int>(history.trials.size()) < options_.initial_random) {
    batch.fill_random(rng);
    return batch.take();
  }
  // One GP stack per objective (OSS Vizier's multi-objective GP bandit); the
  // first also carries the feasibility GP.
  const ObjectiveViews views(history);
  const int objectives = views.count();
  const int n_priors = static_cast<int>(history.priors.size());
  const auto observations = all_observations(history);
  const FeatureEncoder encoder(space_);
  const Eigen::MatrixXd x = encoder.encode(points_of(observations));
  std::vector<std::unique_ptr<Surrogates>> models;
  std::vector<WarpedLabels> warped;
  std::vector<GainScale> scales;
  for (int k = 0; k < objectives; ++k) {
    const auto view = all_observations(views.view(k));
    warped.push_back(warp_labels(view));
    models.push_back(
        std::make_unique<Surrogates>(options_, encoder, x, view, warped[k], n_priors, prior_weight, nullptr, rng, k == 0));
    scales.emplace_back(warped[k].infeasible_label, warped[k].best_label);
  }
  // The front: this study's feasible trials, in gain space.
  ScalarizedImprovement front(objectives, kScalarizations, rng);
  std::vector<double> gains(objectives);
  for (std::size_t i = n_priors; i < observations.size(); ++i) {
    if (!observations[i]->feasible) continue;
    for (int k = 0; k < objectives; ++k) gains[k] = scales[k](warped[k].labels[i]);
    front.add(gains);
  }

  const TrustRegion region(options_.trust_region ? x : Eigen::MatrixXd(0, x.cols()), encoder);
  // Per candidate: the UCB of every objective as gains, scored by the
  // hypervolume it would add (scalarized_improvement.h).
  auto score_all = [&](const std::vector<StackedGp::Posterior>& posts, const Eigen::VectorXd& p,
                       const Eigen::MatrixXd& features) {
    std::vector<Eigen::VectorXd> sds;
    for (const auto& post : posts) sds.push_back(post.sd());
    std::vector<double> s(p.size()), optimistic(objectives);
    for (Eigen::Index i = 0; i < p.size(); ++i) {
      const double distance = region.active() ? region.distance(features.row(i)) : 0.0;
      if (region.active() && distance > region.radius()) {
        s[i] = TrustRegion::outside_score(distance);
        continue;
      }
      for (int k = 0; k < objectives; ++k)
        optimistic[k] = scales[k](posts[k].mean()[i] + options_.ucb_coefficient * sds[k][i]);
      s[i] = front.score(optimistic, p[i]);
    }
    return s;
  };
  auto posteriors = [&](const Eigen::MatrixXd& features, bool for_fantasies) {
    std::vector<StackedGp::Posterior> posts;
    for (const auto& m : models) posts.push_back(m->objective.posterior(features, for_fantasies));
    return posts;
  };
  const BatchScorer scorer = [&](const std::vector<Point>& points) {
    const Eigen::MatrixXd features = encoder.encode(points);
    return score_all(posteriors(features, false), models[0]->p_feasible(features), features);
  };
  // Batch: running trials and each pick are fantasised in every objective's
  // GP (their variance shrinks) and their predicted vectors join the front.
  const auto [candidates, pool] = candidate_pool(space_, options_, scorer, points_of(pareto_anchors(observations, kAnchors)),
                                                 batch, history, count, rng);
  const Eigen::MatrixXd features = encoder.encode(candidates);
  std::vector<StackedGp::Posterior> posts = posteriors(features, true);
  auto believe = [&](int c) {
    for (int k = 0; k < objectives; ++k) {
      posts[k].add_fantasy(c);
      gains[k] = scales[k](posts[k].mean()[c]);
    }
    front.add(gains);
  };
  for (int i = pool; i < static_cast<int>(candidates.size()); ++i) believe(i);
  const Eigen::VectorXd p = models[0]->p_feasible(features);
  pick_greedily(candidates, pool, batch, [&] { return score_all(posts, p, features); }, believe);
  batch.fill_random(rng);  // pool exhausted
  return batch.take();
}

}  // namespace archex::opt
