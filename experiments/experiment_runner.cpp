#include "experiments/experiment_runner.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "explorer/errors.h"
#include "explorer/study_runner.h"
#include "explorer/study_setup.h"

namespace archex::exp {
namespace {

// An edited spec under the same cell name must not be skipped or resumed silently.
void check_stored_spec(const explore::TrialStore& store, const explore::StudyRecord& stored,
                       const explore::StudySpec& spec) {
  const auto differences = explore::spec_differences(explore::stored_spec(stored), spec);
  if (differences.empty()) return;
  std::string what;
  for (const auto& d : differences) what += (what.empty() ? "" : "; ") + d;
  throw explore::SpecError("study '" + spec.name + "' exists in " + store.location() + " with another spec (" + what +
                           "); rename the experiment or use another --db");
}

struct CellOutcome {
  int trials_run = 0;
  bool skipped = false, done = false, stopped = false;
};

// Runs (or skips) one study of the grid. `report` is called with its progress.
CellOutcome run_cell(const ExperimentCell& cell, std::size_t index, std::size_t cells, explore::TrialStore& store,
                     const ExperimentRunOptions& options,
                     const std::function<void(const ExperimentProgress&)>& report) {
  auto study_spec = cell.spec;
  if (options.jobs) study_spec.jobs = *options.jobs;
  ExperimentProgress progress;
  progress.cell = index;
  progress.cells = cells;
  progress.study = study_spec.name;
  progress.target = study_spec.trials;
  CellOutcome outcome;

  // A finished study is skipped without building anything (fast re-runs).
  if (auto stored = store.find_study(study_spec.name)) {
    check_stored_spec(store, *stored, study_spec);
    const auto s = store.summarize(stored->id);
    if (s.counts.finished() >= study_spec.trials) {
      progress.finished = s.counts.finished();
      progress.best = s.best_value;
      progress.skipped = progress.done = true;
      report(progress);
      outcome.skipped = outcome.done = true;
      return outcome;
    }
  }

  auto opened = explore::open_study(store, study_spec, explore::build_environment(study_spec), cell.label);
  explore::RunOptions run;
  run.jobs = study_spec.jobs;
  run.batch = study_spec.batch;
  run.stop = options.stop;
  if (options.executor)
    run.executor = [&](const explore::Evaluator& local) { return options.executor(study_spec, local); };
  run.on_progress = [&](const explore::RunProgress& p) {
    progress.finished = p.finished;
    progress.best = p.best;
    report(progress);
  };
  explore::StudyRunner runner(store, opened.record, *opened.env, std::move(opened.priors.observations), run);
  const auto result = runner.run();
  outcome.trials_run = result.finished_here;
  progress.finished = result.counts.finished();
  progress.best = result.best;
  progress.done = outcome.done = result.counts.finished() >= study_spec.trials;
  report(progress);
  outcome.stopped = result.stopped;
  return outcome;
}

}  // namespace


ThreadShare share_threads(int threads, std::size_t studies) {
  ThreadShare share;
  share.studies_at_once = static_cast<int>(std::clamp<std::size_t>(studies, 1, static_cast<std::size_t>(std::max(threads, 1))));
  share.jobs_per_study = std::max(1, threads / share.studies_at_once);
  return share;
}

void validate_experiment(const ExperimentSpec& spec) {
  std::set<std::string> built;  // cells that differ only in the seed share an environment
  for (const ExperimentCell& cell : expand_cells(spec)) {
    explore::StudySpec unseeded = cell.spec;
    unseeded.seed = 0;
    if (built.insert(unseeded.canonical()).second) explore::build_environment(cell.spec);
  }
}

ExperimentRunSummary run_experiment(const ExperimentSpec& spec, explore::TrialStore& store,
                                    const ExperimentRunOptions& options) {
  auto cells = expand_cells(spec);
  if (options.shard) cells = shard_cells(cells, *options.shard);
  for (const ExperimentCell& cell : cells)
    if (auto stored = store.find_study(cell.spec.name)) check_stored_spec(store, *stored, cell.spec);
  ExperimentRunSummary summary;
  summary.studies = cells.size();
  std::mutex mutex;  // guards summary, the grid's progress and the calls of on_progress
  long grid_target = 0;
  for (const auto& cell : cells) grid_target += cell.spec.trials;
  std::map<std::size_t, int> counted;  // cell -> its finished trials (up to its target) as last reported
  long grid_finished = 0;
  auto report = [&](const ExperimentProgress& p) {
    if (!options.on_progress) return;
    std::lock_guard lock(mutex);
    const int now = std::min(p.finished, p.target);
    grid_finished += now - counted[p.cell];
    counted[p.cell] = now;
    ExperimentProgress with_grid = p;
    with_grid.grid_target = grid_target;
    with_grid.grid_finished = grid_finished;
    options.on_progress(with_grid);
  };
  auto count = [&](const CellOutcome& outcome) {
    std::lock_guard lock(mutex);
    summary.trials_run += outcome.trials_run;
    if (outcome.skipped) ++summary.skipped;
    else if (outcome.done) ++summary.completed;
    if (outcome.stopped) summary.stopped = true;
  };
  auto stop_requested = [&] { return options.stop && options.stop->load(); };

  if (options.parallel_studies <= 1) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (stop_requested()) {
        summary.stopped = true;
        break;
      }
      const auto outcome = run_cell(cells[i], i, cells.size(), store, options, report);
      count(outcome);
      if (outcome.stopped) break;
    }
    return summary;
  }

  // Several studies at once: start each cell, in grid order, as soon as a
  // slot is free and the studies it takes priors from are finished.
  std::set<std::string> in_grid, finished;
  for (const auto& cell : cells) in_grid.insert(cell.spec.name);
  std::vector<bool> started(cells.size(), false);
  std::vector<std::thread> threads;
  std::exception_ptr error;
  std::condition_variable changed;
  int running = 0;
  std::unique_lock lock(mutex);
  for (;;) {
    if (error || summary.stopped || stop_requested()) break;
    std::optional<std::size_t> ready;
    for (std::size_t i = 0; i < cells.size() && !ready; ++i) {
      if (started[i]) continue;
      const auto& priors = cells[i].spec.priors;
      if (std::all_of(priors.begin(), priors.end(),
                      [&](const std::string& p) { return !in_grid.count(p) || finished.count(p); }))
        ready = i;
    }
    if (ready && running < options.parallel_studies) {
      started[*ready] = true;
      ++running;
      threads.emplace_back([&, i = *ready] {
        CellOutcome outcome;
        try {
          outcome = run_cell(cells[i], i, cells.size(), store, options, report);
        } catch (...) {
          std::lock_guard guard(mutex);
          if (!error) error = std::current_exception();
        }
        count(outcome);
        std::lock_guard guard(mutex);
        if (outcome.done) finished.insert(cells[i].spec.name);
        --running;
        changed.notify_all();
      });
      continue;
    }
    // Nothing can start: wait for a study to end (or give up when none runs).
    if (running == 0) break;
    changed.wait_for(lock, std::chrono::milliseconds(200));
  }
  if (stop_requested()) summary.stopped = true;
  lock.unlock();
  for (auto& thread : threads) thread.join();
  if (error) std::rethrow_exception(error);
  return summary;
}

}  // namespace archex::exp
