#include "experiments/experiment_runner.h"

#include <algorithm>

#include "explorer/errors.h"
#include "explorer/study_runner.h"
#include "explorer/study_setup.h"

namespace archex::exp {

ExperimentRunSummary run_experiment(const ExperimentSpec& spec, explore::TrialStore& store,
                                    const ExperimentRunOptions& options) {
  const auto cells = expand_cells(spec);
  ExperimentRunSummary summary;
  summary.studies = cells.size();
  long grid_target = 0, finished_before = 0;  // finished_before: studies before the current one
  for (const auto& cell : cells) grid_target += cell.spec.trials;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (options.stop && options.stop->load()) {
      summary.stopped = true;
      break;
    }
    auto study_spec = cells[i].spec;
    if (options.jobs) study_spec.jobs = *options.jobs;
    ExperimentProgress progress;
    progress.cell = i;
    progress.cells = cells.size();
    progress.study = study_spec.name;
    progress.target = study_spec.trials;
    progress.grid_target = grid_target;
    progress.grid_finished = finished_before;
    progress.run_finished = summary.trials_run;

    // A finished study is skipped without building anything (fast re-runs).
    if (auto stored = store.find_study(study_spec.name)) {
      // An edited spec under the same cell name must not be skipped silently.
      const auto differences = explore::spec_differences(explore::stored_spec(*stored), study_spec);
      if (!differences.empty()) {
        std::string what;
        for (const auto& d : differences) what += (what.empty() ? "" : "; ") + d;
        throw explore::SpecError("study '" + study_spec.name + "' exists in " + store.location() +
                                 " with another spec (" + what + "); rename the experiment or use another --db");
      }
      const auto s = store.summarize(stored->id);
      if (s.counts.finished() >= study_spec.trials) {
        ++summary.skipped;
        progress.finished = s.counts.finished();
        progress.best = s.best_value;
        progress.skipped = progress.done = true;
        finished_before += study_spec.trials;
        progress.grid_finished = finished_before;
        if (options.on_progress) options.on_progress(progress);
        continue;
      }
    }

    auto opened = explore::open_study(store, study_spec, explore::build_environment(study_spec), cells[i].label);
    explore::RunOptions run;
    run.jobs = study_spec.jobs;
    run.batch = study_spec.batch;
    run.stop = options.stop;
    if (options.on_progress) {
      run.on_progress = [&](const explore::RunProgress& p) {
        progress.finished = p.finished;
        progress.best = p.best;
        progress.grid_finished = finished_before + std::min(p.finished, study_spec.trials);
        progress.run_finished = summary.trials_run + p.finished_here;
        options.on_progress(progress);
      };
    }
    explore::StudyRunner runner(store, opened.record, *opened.env, std::move(opened.priors.observations), run);
    const auto result = runner.run();
    summary.trials_run += result.finished_here;
    finished_before += std::min(result.counts.finished(), study_spec.trials);
    progress.grid_finished = finished_before;
    progress.run_finished = summary.trials_run;
    progress.finished = result.counts.finished();
    progress.best = result.best;
    progress.done = result.counts.finished() >= study_spec.trials;
    if (options.on_progress) options.on_progress(progress);
    if (result.stopped) {
      summary.stopped = true;
      break;
    }
    if (progress.done) ++summary.completed;
  }
  return summary;
}

}  // namespace archex::exp
