#pragma once
// The study engine: runs one study against a trial store until the study has
// its target number of finished trials, or until asked to stop.
//
// Loop (one thread talks to the store and the optimizer; `jobs` threads evaluate):
//   claim: in one store transaction, take over stale running trials (same
//     number, same point) and create new ones, whose points the optimizer
//     proposes from the history (priors, finished trials in number order,
//     running points) with an Rng seeded from (study seed, first new number);
//   evaluate on the pool; commit each result as it arrives, before the next
//     claim (so before the next proposal).
// Determinism: with jobs = 1 every proposal sees exactly trials 0 .. n-1, so a
// run that is killed and resumed any number of times gives the same trials as
// an uninterrupted one. Several engines (threads or processes) may run one
// study at once; the store keeps numbers unique and the total at the target.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "explorer/evaluation_cache.h"
#include "explorer/evaluation_executor.h"
#include "explorer/evaluator.h"
#include "explorer/study_environment.h"
#include "explorer/trial_store.h"

namespace archex::explore {

struct RunProgress {
  int finished = 0;         // finished trials of the study (every process)
  int target = 0;
  int running = 0;          // running here
  int finished_here = 0;    // finished by this engine in this run
  std::optional<double> best;  // best objective so far (user-facing)
  double elapsed_s = 0.0;   // since run() started
};

struct RunOptions {
  int jobs = 1;  // evaluation threads, 1 .. 256 (1: evaluate on the engine's thread)
  // Points per optimizer call (StudySpec::batch), 1 .. 1024. With batch > 1 a
  // new batch is claimed only when every earlier trial has finished, so the
  // trials do not depend on `jobs` or on arrival order.
  int batch = 1;
  // A running trial whose heartbeat is older than this is taken over (its
  // process is presumed dead; on the same host a dead pid is noticed at once).
  std::chrono::milliseconds stale_after{60'000};
  // How often running trials' heartbeats are refreshed; must be < stale_after / 2.
  std::chrono::milliseconds heartbeat_interval{5'000};
  // How often to look again when only other engines' trials are left running.
  std::chrono::milliseconds poll_interval{100};
  // Set (e.g. by a SIGINT handler) to stop: finished trials stay, running
  // ones are released for re-run.
  const std::atomic<bool>* stop = nullptr;
  // Called after every committed trial and claim (the callee throttles output).
  std::function<void(const RunProgress&)> on_progress;
  // Shared evaluation cache; null: the engine makes its own.
  std::shared_ptr<EvaluationCache> cache;
  // Stop with an ExploreError once this many trials in a row failed (a broken
  // external evaluator: the failures stay stored, explained); 0: never.
  int max_failures_in_a_row = 0;
  // Evaluations go to this executor (e.g. MPI ranks) instead of `jobs`
  // threads; its capacity takes the place of `jobs`. Called once per run with
  // the engine's own Evaluator (which the executor may use too).
  std::function<std::unique_ptr<EvaluationExecutor>(const Evaluator&)> executor;

  // Throws ExploreError naming the field, value and rule.
  void validate() const;
};

struct RunSummary {
  int finished_here = 0;  // trials this engine finished
  int reclaimed = 0;      // of which taken over from a stale owner
  int cached_here = 0;    // of which served entirely from the cache
  bool stopped = false;   // stopped by RunOptions::stop before the target
  double elapsed_s = 0.0;
  TrialCounts counts;     // the study's trials at the end (every process)
  std::optional<double> best;
};

class StudyRunner {
 public:
  // `store` and `env` must outlive the runner. `priors` are already
  // re-scored for this study (load_priors()).
  StudyRunner(TrialStore& store, StudyRecord study, const StudyEnvironment& env,
              std::vector<opt::Observation> priors, RunOptions options);
  ~StudyRunner();

  RunSummary run();

 private:
  struct State;
  TrialStore& store_;
  StudyRecord study_;
  const StudyEnvironment& env_;
  std::vector<opt::Observation> priors_;
  RunOptions options_;
};

// The Rng for a batch of proposals whose first trial number is `first_number`.
opt::Rng proposal_rng(std::uint64_t seed, int first_number);

}  // namespace archex::explore
