#pragma once
// The incremental models of `mbo` (training = incremental): a canonical
// sequence of checkpoints, one every `update_every` trials. The model of
// checkpoint k is a function of the first k trials (and the priors) only:
//   - the first checkpoint with enough data, and every `refit_every`-th one,
//     is fitted from nothing (EnsembleSurrogate::start);
//   - every other one warm-starts from checkpoint k - update_every and trains
//     on its new rows plus a sample of the old ones (advance);
// each with random draws seeded by k and the points of the trials since the
// previous checkpoint (points that the study seed decided), never by when the
// optimizer was called. So the model saved in the study database is only a
// shortcut: without it the same model is rebuilt by replaying the checkpoints
// from the history (optimizer.h).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "optimizers/ensemble_surrogate.h"
#include "optimizers/feasibility_classifier.h"
#include "optimizers/model_based.h"
#include "optimizers/output_warping.h"

namespace archex::opt {

// What a model of the priors and the first `trials` trials trains on.
struct MboTrainingSet {
  std::vector<const Observation*> observations;  // priors, then the trials
  std::size_t priors = 0;
  WarpedLabels warped;
  // The rows with a label (the regression's data), in observation order.
  std::vector<Point> points;
  Eigen::VectorXd labels;
  std::vector<bool> is_prior;
  bool ready = false;  // enough data for a model (else: random proposals)
};
MboTrainingSet mbo_training_set(const History& history, int trials, const MboOptions& options);

// A fitted model: the objective ensemble and, when there were infeasible
// observations, the feasibility classifier.
struct MboModel {
  std::unique_ptr<EnsembleSurrogate> surrogate;
  std::unique_ptr<FeasibilityClassifier> classifier;
};

class MboModelChain {
 public:
  MboModelChain(const SearchSpace& space, const MboOptions& options);
  ~MboModelChain();

  // A saved checkpoint (SavedState::data). An unreadable one is dropped and
  // the reason kept for notice().
  void restore(const SavedState& state);
  // The model for a call with the given history (its trials are the first
  // history.trials.size() of the study), or none when there is too little
  // data. Advances the chain to the last checkpoint (replaying it from the
  // start when needed), then, between checkpoints, warm-starts a throw-away
  // copy on the trials since.
  const MboModel* model_for(const History& history, const MboTrainingSet& data);
  // The latest checkpoint, when it changed since the last call.
  std::optional<SavedState> take_state();
  std::vector<std::string> take_notices();

 private:
  void step_to(const History& history, int checkpoint, bool from_previous);
  std::string serialise() const;
  void finish_current(const History& history);
  std::string fingerprint() const;

  SearchSpace space_;
  MboOptions options_;
  int trials_ = -1;  // the current checkpoint; -1: none
  MboModel current_;
  bool finished_ = false;  // current_'s cheap members fitted (not after restore())
  bool dirty_ = false;     // current_ not handed out by take_state() yet
  MboModel transient_;     // between checkpoints
  std::vector<std::string> notices_;
};

}  // namespace archex::opt
