#include "experiments/experiment_runner.h"

#include <set>

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

}  // namespace

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
  const auto cells = expand_cells(spec);
  for (const ExperimentCell& cell : cells)
    if (auto stored = store.find_study(cell.spec.name)) check_stored_spec(store, *stored, cell.spec);
  ExperimentRunSummary summary;
  summary.studies = cells.size();
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

    // A finished study is skipped without building anything (fast re-runs).
    if (auto stored = store.find_study(study_spec.name)) {
      const auto s = store.summarize(stored->id);
      if (s.counts.finished() >= study_spec.trials) {
        ++summary.skipped;
        progress.finished = s.counts.finished();
        progress.best = s.best_value;
        progress.skipped = progress.done = true;
        if (options.on_progress) options.on_progress(progress);
        continue;
      }
    }

    auto opened = explore::open_study(store, study_spec, explore::build_environment(study_spec));
    explore::RunOptions run;
    run.jobs = study_spec.jobs;
    run.batch = study_spec.batch;
    run.stop = options.stop;
    if (options.on_progress) {
      run.on_progress = [&](const explore::RunProgress& p) {
        progress.finished = p.finished;
        progress.best = p.best;
        options.on_progress(progress);
      };
    }
    explore::StudyRunner runner(store, opened.record, *opened.env, std::move(opened.priors.observations), run);
    const auto result = runner.run();
    summary.trials_run += result.finished_here;
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
