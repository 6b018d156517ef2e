#pragma once
// Runs every study of an experiment grid (or of one shard of it) against one
// trial store, in the order expand_cells() gives (transfer targets after their
// sources), one after another or several at once. A study that already has
// its trials is skipped; an unfinished one is resumed.

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "experiments/experiment_spec.h"
#include "explorer/evaluation_executor.h"
#include "explorer/evaluator.h"
#include "explorer/trial_store.h"

namespace archex::exp {

struct ExperimentProgress {
  std::size_t cell = 0;   // 0-based index of the study being run
  std::size_t cells = 0;  // studies in the grid
  std::string study;
  int finished = 0;       // finished trials of that study
  int target = 0;
  std::optional<double> best;
  bool skipped = false;   // already complete before this run
  bool done = false;      // the study has all its trials now
  // The whole grid: trials it will have, and finished so far (every study;
  // filled in by run_experiment).
  long grid_target = 0;
  long grid_finished = 0;
};

struct ExperimentRunOptions {
  std::optional<int> jobs;                 // overrides the spec's jobs
  const std::atomic<bool>* stop = nullptr;  // set to stop after the current trials
  // Called from the studies' threads, one call at a time.
  std::function<void(const ExperimentProgress&)> on_progress;
  // Only this slice of the grid (--shard I/N).
  std::optional<Shard> shard;
  // Studies run at once, each on a thread of its own (a transfer study waits
  // for its source); 1: one after another, in grid order.
  int parallel_studies = 1;
  // Where each study's evaluations go (MPI ranks), as RunOptions::executor;
  // empty: the study's own threads.
  std::function<std::unique_ptr<explore::EvaluationExecutor>(const explore::StudySpec&, const explore::Evaluator&)>
      executor;
};

struct ExperimentRunSummary {
  std::size_t studies = 0;   // in the grid (or the shard)
  std::size_t skipped = 0;   // already complete
  std::size_t completed = 0; // brought to their target by this run
  int trials_run = 0;
  bool stopped = false;
};

// How an experiment uses `threads` (its `jobs`) without MPI: up to that many
// studies at once, one per thread, and evaluation threads for each study from
// what is left over (a grid of fewer studies than threads evaluates in
// parallel). Optimizer fits run on the study's own thread, so for a grid of
// model-based studies, studies at once is what fills the cores
// (docs/experiments.md has the measurement).
struct ThreadShare {
  int studies_at_once = 1;
  int jobs_per_study = 1;
};
ThreadShare share_threads(int threads, std::size_t studies);

// Builds every cell's study environment (templates, workloads, optimizers and
// their settings) and throws the first error, so a bad cell refuses the whole
// experiment before the database is opened or any study runs.
void validate_experiment(const ExperimentSpec& spec);

// Refuses (SpecError, nothing run) when a stored study of a cell's name has
// another spec; then runs the cells.
ExperimentRunSummary run_experiment(const ExperimentSpec& spec, explore::TrialStore& store,
                                    const ExperimentRunOptions& options = {});

}  // namespace archex::exp
