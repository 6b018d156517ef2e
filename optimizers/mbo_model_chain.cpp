#include "optimizers/mbo_model_chain.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <utility>

#include "optimizers/settings_reader.h"
#include "optimizers/state_codec.h"

namespace archex::opt {
namespace {

constexpr const char* kFormat = "mbo-model/1";
// Tags of the random streams, so a checkpoint and a between-checkpoints model
// of the same trial count draw differently.
constexpr std::uint32_t kCheckpointStream = 0x6d626f31;  // "mbo1"
constexpr std::uint32_t kTransientStream = 0x6d626f32;   // "mbo2"

// A stream seeded by `trials` and the points of the trials since `since`:
// decided by the study seed (through the points), not by the call.
Rng stream(const History& history, std::uint32_t tag, int trials, int since) {
  std::vector<std::uint32_t> seed = {tag, static_cast<std::uint32_t>(trials)};
  for (int t = std::max(0, since); t < trials; ++t)
    for (int v : history.trials[t].point) seed.push_back(static_cast<std::uint32_t>(v));
  std::seed_seq seq(seed.begin(), seed.end());
  return Rng(seq);
}

int labelled_before(const MboTrainingSet& data, std::size_t observations) {
  int rows = 0;
  for (std::size_t i = 0; i < observations; ++i) rows += data.warped.labelled[i] ? 1 : 0;
  return rows;
}

}  // namespace

MboTrainingSet mbo_training_set(const History& history, int trials, const MboOptions& options) {
  MboTrainingSet data;
  data.priors = history.priors.size();
  for (const auto& p : history.priors) data.observations.push_back(&p);
  for (int t = 0; t < trials; ++t) data.observations.push_back(&history.trials[t]);
  const std::size_t label_violating_before = !options.feasibility_classifier ? 0
                                             : options.learn_violating == "all" ? data.observations.size()
                                             : options.learn_violating == "priors" ? data.priors
                                                                                    : 0;
  data.warped = warp_labels(data.observations, label_violating_before);
  data.ready = (!history.priors.empty() || trials >= options.initial_random) && data.warped.feasible_count >= 2;
  std::vector<double> labels;
  for (std::size_t i = 0; i < data.observations.size(); ++i) {
    if (!data.warped.labelled[i]) continue;
    data.points.push_back(data.observations[i]->point);
    labels.push_back(data.warped.labels[i]);
    data.is_prior.push_back(i < data.priors);
  }
  data.labels = Eigen::Map<const Eigen::VectorXd>(labels.data(), static_cast<Eigen::Index>(labels.size()));
  return data;
}

MboModelChain::MboModelChain(const SearchSpace& space, const MboOptions& options)
    : space_(space), options_(options) {}

MboModelChain::~MboModelChain() = default;

std::string MboModelChain::fingerprint() const {
  // The settings the models depend on (not those of the acquisition).
  const MboOptions& o = options_;
  std::string s;
  for (const std::string& part :
       {format_setting(o.initial_random), format_setting(o.replicas), format_setting(o.cv_folds),
        format_setting(o.linear_member), format_setting(o.hidden), format_setting(o.layers), format_setting(o.steps),
        format_setting(o.pretrain_steps), format_setting(o.learning_rate), format_setting(o.prior_weight),
        format_setting(o.feasibility_classifier), o.learn_violating, format_setting(o.update_every),
        format_setting(o.update_steps), format_setting(o.replay_rows), format_setting(o.refit_every),
        format_setting(o.threads), format_setting(static_cast<int>(space_.dimensions()))}) {
    s.append(part);
    s.push_back(';');
  }
  return s;
}

std::string MboModelChain::serialise() const {
  StateWriter out(kFormat);
  out.text(fingerprint());
  out.integer(trials_);
  out.integer(current_.classifier ? 1 : 0);
  current_.surrogate->save(out);
  if (current_.classifier) current_.classifier->save(out);
  return std::move(out).finish();
}

void MboModelChain::restore(const SavedState& state) {
  try {
    StateReader in(state.data, kFormat);
    if (in.text() != fingerprint()) throw StateFormatError("the saved model is from other mbo settings");
    const std::int64_t trials = in.integer();
    if (trials != state.trials || trials <= 0 || trials % options_.update_every != 0)
      throw StateFormatError("the saved model's trial count does not match its record");
    MboModel model;
    const bool classifier = in.integer() != 0;
    model.surrogate = std::make_unique<EnsembleSurrogate>(space_, options_.ensemble());
    model.surrogate->load(in);
    if (classifier) {
      model.classifier = std::make_unique<FeasibilityClassifier>(space_, options_.mlp(), options_.steps);
      model.classifier->load(in);
    }
    in.expect_end();
    current_ = std::move(model);
    trials_ = static_cast<int>(trials);
    finished_ = dirty_ = false;
  } catch (const StateFormatError& e) {
    notices_.push_back(std::string("mbo: ") + e.what() + "; rebuilding the model from the history");
    current_ = {};
    trials_ = -1;
  }
}

void MboModelChain::step_to(const History& history, int checkpoint, bool from_previous) {
  const int step = options_.update_every;
  const MboTrainingSet data = mbo_training_set(history, checkpoint, options_);
  Rng base = stream(history, kCheckpointStream, checkpoint, checkpoint - step);
  Rng train(base());
  const bool full = !from_previous || !current_.surrogate ||
                    (options_.refit_every > 0 && (checkpoint / step) % options_.refit_every == 0);
  const std::size_t old_observations = data.priors + static_cast<std::size_t>(checkpoint - step);
  if (full) {
    current_.surrogate = std::make_unique<EnsembleSurrogate>(space_, options_.ensemble());
    current_.surrogate->start(data.points, data.labels, data.is_prior, train);
  } else {
    current_.surrogate->advance(data.points, data.labels, data.is_prior, labelled_before(data, old_observations),
                                train);
  }
  const bool classify = options_.feasibility_classifier &&
                        data.warped.feasible_count < static_cast<int>(data.observations.size());
  if (!classify) {
    current_.classifier.reset();
  } else if (full || !current_.classifier) {
    current_.classifier = std::make_unique<FeasibilityClassifier>(space_, options_.mlp(), options_.steps);
    current_.classifier->fit(data.observations, data.priors, options_.prior_weight, train);
  } else {
    current_.classifier->advance(data.observations, data.priors, options_.prior_weight,
                                 static_cast<int>(old_observations), options_.replay_rows, options_.update_steps,
                                 train);
  }
  trials_ = checkpoint;
  finished_ = false;
  dirty_ = true;
}

void MboModelChain::finish_current(const History& history) {
  const MboTrainingSet data = mbo_training_set(history, trials_, options_);
  Rng base = stream(history, kCheckpointStream, trials_, trials_ - options_.update_every);
  base();  // the training stream's seed
  Rng finish(base());
  current_.surrogate->finish(data.points, data.labels, data.is_prior, finish);
  finished_ = true;
}

const MboModel* MboModelChain::model_for(const History& history, const MboTrainingSet& data) {
  const int step = options_.update_every;
  const int n = static_cast<int>(history.trials.size());
  const int checkpoint = n / step * step;
  if (trials_ > checkpoint) {
    notices_.push_back("mbo: the saved model is of trial " + std::to_string(trials_) + ", the study has " +
                       std::to_string(n) + " trials; rebuilding the model from the history");
    current_ = {};
    trials_ = -1;
  }
  if (trials_ < checkpoint) {
    int from = trials_;
    if (from < 0) {
      int first = -1;
      for (int k = step; k <= checkpoint && first < 0; k += step)
        if (mbo_training_set(history, k, options_).ready) first = k;
      if (first > 0) {
        const int fits = (checkpoint - first) / step + 1;
        if (fits > 1)
          notices_.push_back("mbo: no saved model for trial " + std::to_string(checkpoint) +
                             "; rebuilt it by replaying " + std::to_string(fits) + " fits from the history");
        step_to(history, first, false);
        from = first;
      }
    }
    if (from > 0)
      for (int k = from + step; k <= checkpoint; k += step) step_to(history, k, true);
  }
  if (!data.ready) return nullptr;
  if (trials_ == n) {
    if (!finished_) finish_current(history);
    return &current_;
  }
  // Between checkpoints: a throw-away model, warm-started from the checkpoint's
  // when there is one, on the trials since.
  Rng base = stream(history, kTransientStream, n, trials_ > 0 ? trials_ : 0);
  Rng train(base()), finish(base());
  transient_ = {};
  transient_.surrogate = std::make_unique<EnsembleSurrogate>(space_, options_.ensemble());
  const std::size_t old_observations = data.priors + static_cast<std::size_t>(std::max(trials_, 0));
  const bool classify = options_.feasibility_classifier &&
                        data.warped.feasible_count < static_cast<int>(data.observations.size());
  if (trials_ > 0) {
    const std::string bytes = serialise();
    StateReader in(bytes, kFormat);
    in.text();
    in.integer();
    const bool classifier = in.integer() != 0;
    transient_.surrogate->load(in);
    transient_.surrogate->advance(data.points, data.labels, data.is_prior, labelled_before(data, old_observations),
                                  train);
    if (classify && classifier) {
      transient_.classifier = std::make_unique<FeasibilityClassifier>(space_, options_.mlp(), options_.steps);
      transient_.classifier->load(in);
      transient_.classifier->advance(data.observations, data.priors, options_.prior_weight,
                                     static_cast<int>(old_observations), options_.replay_rows,
                                     options_.update_steps, train);
    }
  } else {
    transient_.surrogate->start(data.points, data.labels, data.is_prior, train);
  }
  if (classify && !transient_.classifier) {
    transient_.classifier = std::make_unique<FeasibilityClassifier>(space_, options_.mlp(), options_.steps);
    transient_.classifier->fit(data.observations, data.priors, options_.prior_weight, train);
  }
  transient_.surrogate->finish(data.points, data.labels, data.is_prior, finish);
  return &transient_;
}

std::optional<SavedState> MboModelChain::take_state() {
  if (!dirty_ || trials_ <= 0) return std::nullopt;
  dirty_ = false;
  return SavedState{trials_, serialise()};
}

std::vector<std::string> MboModelChain::take_notices() { return std::exchange(notices_, {}); }

}  // namespace archex::opt
