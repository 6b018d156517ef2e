#pragma once
// The ask/tell interface every optimizer implements.
//
// Contract (this is what makes resume deterministic): an optimizer is a pure
// function of
//   (search space, settings, history, last saved state, random stream).
// The study engine may destroy and re-create an optimizer at any time; the
// same history, the same saved state and the same Rng must give the same
// suggestions.
//
// Most optimizers keep no state: what they need (an evolution population,
// portfolio credit, a GP fit) is rebuilt from the history on each call;
// caches are allowed only if they never change the result.
//
// Incremental optimizers (mbo, and p3bo through its mbo members) update a
// model from the previous one instead of refitting it on the whole history.
// Their model is a SavedState: opaque bytes tagged with how many of the
// study's trials (History::trials entries, a prefix) it was fitted on. The
// engine restores the study's last saved state into a new optimizer, asks for
// take_state() after every suggest() and stores what it gets in the study
// database (one transaction, like a trial), so a killed study resumes from it.
// The model sequence must be canonical: the state for n trials is a function
// of the first n trials only (its update schedule and random draws depend on
// n and those trials, never on when suggest() was called). Then a saved state
// is only a shortcut: a missing, stale or corrupt one (wrong format, checksum,
// settings) is rebuilt by replaying the fits from the history, slower but
// with the same result, and the optimizer says so through take_notices();
// it never throws for a bad state.
// Values are minimised. The study engine turns a maximisation objective into a
// minimisation one (e.g. by negation) before handing trials over.
//
// Several objectives: History::objectives > 1 and every feasible observation
// carries `values` (one per objective, minimised); `value` is the first of
// them. An optimizer then searches for the Pareto front (points no other
// point beats in every objective). With one objective `values` is empty and
// nothing changes.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "optimizers/point_set.h"
#include "optimizers/search_space.h"

namespace archex::opt {

// A finished trial as an optimizer sees it.
struct Observation {
  Point point;
  bool feasible = true;  // false: constraint violated or unmappable; value is meaningless
  double value = 0.0;    // objective, lower is better (only when feasible)
  std::string proposer;  // which optimizer (or portfolio member) proposed it; may be empty
  // The objective of an infeasible point that was measured although a
  // constraint was violated (e.g. a design over its area budget, re-scored
  // from another study): a model of the objective may learn from it. Unset
  // when the point could not be evaluated at all.
  std::optional<double> violating_value;
  // Several objectives only: every objective, minimised (feasible points),
  // and the same for a measured point that violated a constraint.
  std::vector<double> values;
  std::vector<double> violating_values;
};

struct History {
  // Prior trials from other studies, already re-scored under this study's
  // objective and constraint (transfer learning). Never counted as trials.
  std::span<const Observation> priors;
  // This study's finished trials, in trial-number order.
  std::span<const Observation> trials;
  // Points proposed but not finished yet (running in parallel): avoid
  // proposing them again and, for batch model-based methods, fantasise them.
  std::span<const Point> pending;
  // Optional: exactly the points of `priors` and `trials`, kept up to date by
  // the caller, so that optimizers need not rebuild it on every call (that
  // made long studies quadratic). Null: built from the spans when needed.
  const PointSet* observed = nullptr;
  // Number of objectives (Observation::values has this many entries when > 1).
  int objectives = 1;
};

struct Suggestion {
  Point point;
  std::string proposer;  // e.g. "evolution", or "p3bo/mbo#2" for a portfolio member
};

// Every random choice flows from this stream, which the study engine seeds
// from (study seed, number of the first trial of the batch).
using Rng = std::mt19937_64;

// Settings from a study spec, as strings; each optimizer parses and validates
// its own, and rejects unknown keys with a message naming the key.
using Settings = std::map<std::string, std::string>;

// An incremental optimizer's model, serialised (see the contract above).
struct SavedState {
  int trials = 0;    // how many of the study's trials the model was fitted on
  std::string data;  // opaque to everyone but the optimizer that wrote it
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual std::string name() const = 0;
  // Proposes `count` points of the space (count >= 1).
  virtual std::vector<Suggestion> suggest(const History& history, int count, Rng& rng) = 0;

  // Incremental optimizers only; the defaults keep no state.
  // The study's last saved state (before the first suggest()). A state the
  // optimizer cannot use is dropped with a notice, never an exception.
  virtual void restore_state(const SavedState& /*state*/) {}
  // The state to save after a suggest(), when it changed since the last
  // restore_state() / take_state().
  virtual std::optional<SavedState> take_state() { return std::nullopt; }
  // Messages for the user since the last call (e.g. "state rebuilt").
  virtual std::vector<std::string> take_notices() { return {}; }
};

// One setting an optimizer accepts, for `archex optimizers` and validation.
struct SettingInfo {
  std::string key;
  std::string default_value;
  std::string meaning;
};

struct OptimizerInfo {
  std::string name;
  std::string summary;
  std::vector<SettingInfo> settings;
};

}  // namespace archex::opt
