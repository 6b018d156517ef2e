#pragma once
// Evaluates one point of a study: point -> config -> cost model (or the
// study's external evaluator) on every workload, through the cache ->
// objective and constraint -> the trial result to store. Thread-safe: the
// evaluation threads share one Evaluator.

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>
#include <string>

#include "explorer/evaluation_cache.h"
#include "explorer/external_evaluator.h"
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
  ~Evaluator();

  // complete (feasible, with value), infeasible (unmappable or over budget,
  // with the raw metrics and the reason) or failed (the cost model threw; the
  // reason is its message). `cached` when no workload had to be evaluated.
  TrialResult evaluate(const opt::Point& point) const;

  // Puts a stored trial's metrics back into the cache (when continuing a
  // study), so a resumed run marks the same trials as cached as an
  // uninterrupted one. Ignores metrics it cannot read.
  // With a screening rule, also the best analytical value so far.
  void remember(const opt::Point& point, const std::string& metrics_json) const;

  // External evaluators only: evaluations in progress return at once (failed,
  // "interrupted") once `stop` is set or interrupt() was called; the engine
  // does not store such results.
  void watch(const std::atomic<bool>* stop) const;
  void interrupt() const;

 private:
  struct Measured {
    std::vector<std::shared_ptr<const CachedEvaluation>> parts;  // one per workload
    std::vector<const cost::Metrics*> metrics;
    bool all_cached = true;
  };
  // Every workload through the cache, by the external evaluator or the model.
  Measured measure(const arch::Config& config, const opt::Point& point, bool external) const;
  // `analytical`: the model's metrics, stored beside the evaluator's.
  TrialResult result_of(const Measured& measured, const Score& score, const Measured* analytical) const;
  bool screening() const { return external_ && env_.evaluator->screen_within_pct.has_value(); }
  // Whether a feasible analytical score passes the screening rule; updates the best.
  bool promising(const Score& analytical) const;

  const StudyEnvironment& env_;
  std::shared_ptr<EvaluationCache> cache_;
  std::string model_version_;
  std::unique_ptr<ExternalEvaluator> external_;
  mutable std::mutex best_mutex_;
  mutable std::optional<double> best_analytical_;  // minimisation form of the first objective
};

}  // namespace archex::explore
