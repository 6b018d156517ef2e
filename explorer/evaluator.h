#pragma once
// Evaluates one point of a study: point -> config -> cost model on every
// workload (through the cache) -> objective and constraint -> the trial result
// to store. Thread-safe: the evaluation threads share one Evaluator.

#include <memory>
#include <string>

#include "explorer/evaluation_cache.h"
#include "explorer/study_environment.h"
#include "explorer/trial.h"

namespace archex::explore {

// The result to store for a scored design: complete with its value when
// feasible, else infeasible with the reason; objective values and constraint
// results as the score has them; `metrics_json` is the raw metrics
// ({"<workload>": {...}, ...}). Shared with ask/tell, where a user's
// evaluator reports the metrics.
TrialResult scored_result(const Score& score, std::string metrics_json, bool cached);

class Evaluator {
 public:
  // `env` must outlive the evaluator. A null cache disables caching.
  Evaluator(const StudyEnvironment& env, std::shared_ptr<EvaluationCache> cache);

  // complete (feasible, with value), infeasible (unmappable or over budget,
  // with the raw metrics and the reason) or failed (the cost model threw; the
  // reason is its message). `cached` when no workload had to be evaluated.
  TrialResult evaluate(const opt::Point& point) const;

  // Puts a stored trial's metrics back into the cache (when continuing a
  // study), so a resumed run marks the same trials as cached as an
  // uninterrupted one. Ignores metrics it cannot read.
  void remember(const opt::Point& point, const std::string& metrics_json) const;

 private:
  const StudyEnvironment& env_;
  std::shared_ptr<EvaluationCache> cache_;
  std::string model_version_;
};

}  // namespace archex::explore
