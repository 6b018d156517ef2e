#pragma once
// The ask/tell interface every optimizer implements.
//
// Contract (this is what makes resume deterministic without serialising
// optimizer state): an optimizer is a pure function of
//   (search space, settings, history, random stream).
// The study engine may destroy and re-create an optimizer at any time; the
// same history and the same Rng must give the same suggestions. State an
// optimizer needs (an evolution population, a fitted surrogate, portfolio
// credit) is rebuilt from the history on each call; caches are allowed only if
// they never change the result.
//
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

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual std::string name() const = 0;
  // Proposes `count` points of the space (count >= 1).
  virtual std::vector<Suggestion> suggest(const History& history, int count, Rng& rng) = 0;
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
