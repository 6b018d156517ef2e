// `archex run | resume | list | show | export`: studies and their trials.

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "experiments/commands.h"
#include "experiments/progress.h"
#include "experiments/study_export.h"
#include "experiments/study_flags.h"
#include "experiments/interrupt.h"
#include "experiments/mpi_session.h"
#include "experiments/study_view.h"
#include "explorer/sqlite_schema.h"
#include "explorer/sqlite_trial_store.h"
#include "explorer/study_runner.h"
#include "explorer/study_setup.h"

namespace archex::exp {
void announce_schema_upgrade(const explore::SqliteTrialStore& store) {
  if (const auto from = store.upgraded_from())
    std::cerr << "archex: upgraded " << store.location() << " from schema version " << *from << " to "
              << explore::kSchemaVersion
              << (*from < 2 ? " (objective values and constraint results per trial; saved optimizer models)\n"
                            : " (saved optimizer models)\n");
}

explore::SqliteTrialStore open_existing_store(const std::string& db, bool read_only) {
  explore::SqliteStoreOptions options;
  options.create = false;
  options.read_only = read_only;
  return explore::SqliteTrialStore(db, options);
}

namespace {

constexpr int kEvaluatorFailuresInARow = 5;

// Runs an opened study to its target with a progress display, then reports
// the outcome and the best design against the baseline.
// "study S: 40/50 trials (…); this run 40 trials in 1.2 s (…)".
void print_run_report(const explore::TrialStore& store, const explore::StudyRecord& record,
                      const explore::RunSummary& summary) {
  const auto& c = summary.counts;
  std::cout << "study " << record.name << ": " << c.finished() << "/" << record.target_trials << " trials ("
            << c.complete << " complete, " << c.infeasible << " infeasible, " << c.failed << " failed)";
  if (summary.finished_here > 0) {
    char timing[96];
    std::snprintf(timing, sizeof timing, "; this run %d trials in %.3g s (%.0f trials/s, %d from the cache)",
                  summary.finished_here, summary.elapsed_s, summary.finished_here / std::max(summary.elapsed_s, 1e-9),
                  summary.cached_here);
    std::cout << timing;
    // Time spent waiting for other processes' writes on the same database.
    if (const auto* sqlite = dynamic_cast<const explore::SqliteTrialStore*>(&store)) {
      const double waited = std::chrono::duration<double>(sqlite->lock_wait()).count();
      if (waited >= 0.05) {
        std::snprintf(timing, sizeof timing, "; waited %.2g s for other processes' database writes", waited);
        std::cout << timing;
      }
    }
  }
  std::cout << "\n";
}

// With `json`, stdout gets the study as `archex show --json` prints it plus
// "this_run" (trials, seconds, cached, stopped) instead of the text report.
void run_opened(explore::TrialStore& store, explore::OpenedStudy& opened, const std::string& db, bool json,
                MpiSession* mpi) {
  const auto& record = opened.record;
  const auto before = store.summarize(record.id);
  std::cerr << "study " << record.name << ": " << (opened.created ? "created" : "continuing") << " in " << db << " ("
            << before.counts.finished() << "/" << record.target_trials << " trials finished)\n";
  if (!opened.spec.priors.empty()) {
    std::cerr << "priors: " << opened.priors.observations.size() << " trials from";
    for (const auto& p : opened.spec.priors) std::cerr << " " << p;
    std::cerr << " (" << opened.priors.feasible << " feasible under this study's objective and budget";
    if (opened.priors.skipped)
      std::cerr << ", " << opened.priors.skipped << " skipped (outside this template, or not evaluable here)";
    if (opened.priors.left_out)
      std::cerr << ", " << opened.priors.left_out << " left out by prior recipe " << opened.spec.prior_recipe;
    if (opened.priors.evaluated)
      std::cerr << ", " << opened.priors.evaluated << " evaluated here on workloads their study did not run";
    std::cerr << ")\n";
  }

  ProgressStyle style;
  style.terminal = isatty(STDERR_FILENO) == 1;
  style.unit = explore::objective_unit(opened.spec.primary().kind);
  ProgressReporter reporter(std::cerr, style);
  explore::RunOptions options;
  options.jobs = opened.spec.jobs;
  options.batch = opened.spec.batch;
  // A broken evaluator should not turn the whole study into failed trials.
  if (opened.spec.evaluator) options.max_failures_in_a_row = kEvaluatorFailuresInARow;
  if (mpi && mpi->ranks() > 1) {
    // Rank 0 owns the study; every other rank evaluates one design at a time.
    const int workers = mpi->ranks() - 1;
    std::cerr << "evaluating on " << workers << " MPI worker rank" << (workers == 1 ? "" : "s") << "\n";
    options.executor = [mpi, &opened, workers](const explore::Evaluator& local) {
      return mpi->dispatcher().executor(opened.spec, local, workers);
    };
  }
  options.on_progress = [&reporter](const explore::RunProgress& p) { reporter.update(p); };
  explore::RunSummary summary;
  {
    InterruptHandler interrupt;
    options.stop = interrupt.stop_flag();
    explore::StudyRunner runner(store, record, *opened.env, std::move(opened.priors.observations), options);
    summary = runner.run();
  }
  reporter.finish();

  const auto& c = summary.counts;
  if (json) {
    nlohmann::json out = study_json(load_study_view(store, record.name, false));
    out["this_run"] = {{"trials", summary.finished_here},
                       {"seconds", summary.elapsed_s},
                       {"cached", summary.cached_here},
                       {"reclaimed", summary.reclaimed},
                       {"stopped", summary.stopped}};
    std::cout << out.dump(2) << "\n";
  } else {
    print_run_report(store, record, summary);
    print_best_vs_baseline(std::cout, load_study_view(store, record.name, false));
  }
  if (summary.stopped)
    throw Interrupted("interrupted: " + std::to_string(c.finished()) + " finished trials are kept" +
                      (c.running ? ", " + std::to_string(c.running) + " running ones will be re-run" : "") +
                      "; continue with `archex resume " + record.name + " --db " + db + "`");
}

struct RunArgs {
  std::string spec_file, label, db = "archex.db";
  StudyFlags study;  // the spec's fields (explorer/study_fields.cpp)
  bool mpi = false;
  bool json = false;
};

void add_run(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "run", "Run a study (created, or continued if it exists with the same spec); no arguments: MobileNetV2 at 6.8 mm2");
  auto a = std::make_shared<RunArgs>();
  cmd->add_option("spec", a->spec_file, "Study spec (YAML); flags override its fields");
  a->study.add_to(*cmd);
  cmd->add_option("--label", a->label,
                  "The study's series name in `archex compare` (default: the optimizer and its settings)");
  cmd->add_option("--db", a->db, "Trial database (created if missing)")->capture_default_str();
  cmd->add_flag("--json", a->json, "Print the finished study as JSON (as `archex show --json`, plus this_run)");
  cmd->add_flag("--mpi", a->mpi, "Run as an MPI job even if no MPI launcher is detected (rank 0 owns the study)");
  cmd->callback([a] {
    auto mpi = MpiSession::start(a->mpi, 0);
    if (mpi && mpi->is_worker()) return mpi->serve();
    explore::StudySpecInput input;
    if (!a->spec_file.empty()) input = explore::read_spec_file(a->spec_file);
    explore::overlay(input, a->study.input());
    // A refused run leaves no new database behind (the store is closed by the
    // time the handler runs); one that opened its study keeps it.
    const bool existed = std::filesystem::exists(a->db);
    bool opened_study = false;
    try {
      explore::SqliteTrialStore store(a->db);
      announce_schema_upgrade(store);
      auto opened = explore::open_study_for_run(store, input, a->label);
      opened_study = true;
      run_opened(store, opened, a->db, a->json, mpi.get());
    } catch (...) {
      if (!existed && !opened_study)
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(a->db + suffix);
      throw;
    }
  });
}

void add_resume(CLI::App& app) {
  auto* cmd = app.add_subcommand("resume", "Continue a study after a crash or Ctrl-C (re-runs interrupted trials)");
  struct Args {
    std::string study, db = "archex.db";
    StudyFlags changes;  // the run settings a stored study may change (explorer/study_fields.cpp)
    bool json = false, mpi = false;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("study,--study,-s", a->study, "Study name")->required();
  cmd->add_option("--db", a->db, "Trial database")->capture_default_str();
  a->changes.add_resume_flags_to(*cmd);
  cmd->add_flag("--json", a->json, "Print the finished study as JSON (as `archex show --json`, plus this_run)");
  cmd->add_flag("--mpi", a->mpi, "Run as an MPI job even if no MPI launcher is detected (rank 0 owns the study)");
  cmd->callback([a] {
    auto mpi = MpiSession::start(a->mpi, 0);
    if (mpi && mpi->is_worker()) return mpi->serve();
    auto store = open_existing_store(a->db, false);
    announce_schema_upgrade(store);
    auto opened = explore::open_study_for_resume(store, a->study, a->changes.input());
    run_opened(store, opened, a->db, a->json, mpi.get());
  });
}

void add_list(CLI::App& app) {
  auto* cmd = app.add_subcommand("list", "Studies in a database, with progress and best objective");
  struct Args {
    std::string db = "archex.db";
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("--db", a->db, "Trial database")->capture_default_str();
  cmd->add_flag("--json", a->json, "JSON instead of a table");
  cmd->callback([a] {
    auto store = open_existing_store(a->db, true);
    const auto studies = store.list_studies();
    if (a->json)
      std::cout << study_list_json(studies).dump(2) << "\n";
    else
      print_study_list(std::cout, studies, a->db);
  });
}

void add_show(CLI::App& app) {
  auto* cmd = app.add_subcommand("show", "A study: spec, progress, feasibility, best trial with config and metrics");
  struct Args {
    std::string study, db = "archex.db";
    bool json = false, pareto = false;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("study,--study,-s", a->study, "Study name")->required();
  cmd->add_option("--db", a->db, "Trial database")->capture_default_str();
  cmd->add_flag("--json", a->json, "JSON instead of text");
  cmd->add_flag("--pareto", a->pareto, "The non-dominated trials (Pareto front) with their objectives and configs");
  cmd->callback([a] {
    auto store = open_existing_store(a->db, true);
    const StudyView view = load_study_view(store, a->study, true);  // every trial: front, importance
    if (a->pareto && a->json)
      std::cout << pareto_json(view).dump(2) << "\n";
    else if (a->pareto)
      print_pareto(std::cout, view);
    else if (a->json)
      std::cout << study_json(view).dump(2) << "\n";
    else
      print_study(std::cout, view);
  });
}

void add_export(CLI::App& app) {
  auto* cmd = app.add_subcommand("export", "Every trial of a study as CSV or JSON (one row per trial)");
  struct Args {
    std::string study, format = "csv", out, db = "archex.db";
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("study,--study,-s", a->study, "Study name")->required();
  cmd->add_option("--format,-f", a->format, "csv | json")->check(CLI::IsMember({"csv", "json"}))->capture_default_str();
  cmd->add_option("--out,-o", a->out, "Output file (default: standard output)");
  cmd->add_option("--db", a->db, "Trial database")->capture_default_str();
  cmd->callback([a] {
    auto store = open_existing_store(a->db, true);
    const StudyView view = load_study_view(store, a->study, true);
    std::ofstream file;
    if (!a->out.empty()) {
      file.open(a->out);
      if (!file) throw UsageError("--out " + a->out + ": cannot write the file");
    }
    std::ostream& out = a->out.empty() ? std::cout : file;
    if (a->format == "csv")
      write_trials_csv(out, view);
    else
      write_trials_json(out, view);
    out.flush();
    if (!out) throw std::runtime_error("writing the export failed" + (a->out.empty() ? "" : " (" + a->out + ")"));
    if (!a->out.empty())
      std::cerr << "wrote " << view.trials.size() << " trials of " << a->study << " to " << a->out << "\n";
  });
}

void add_delete(CLI::App& app) {
  auto* cmd = app.add_subcommand("delete", "Delete a study and its trials (asks first unless --yes)");
  struct Args {
    std::string study, db = "archex.db";
    bool yes = false, running = false;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("study,--study,-s", a->study, "Study name")->required();
  cmd->add_option("--db", a->db, "Trial database")->capture_default_str();
  cmd->add_flag("--yes,-y", a->yes, "Do not ask for confirmation");
  cmd->add_flag("--even-if-running", a->running, "Also when trials are marked running (their process died)");
  cmd->callback([a] {
    auto store = open_existing_store(a->db, false);
    const auto summary = store.summarize(store.get_study(a->study).id);
    if (!a->yes) {
      if (isatty(STDIN_FILENO) != 1)
        throw UsageError("delete: not asking on a non-interactive input; pass --yes to delete " + a->study);
      std::cerr << "delete study " << a->study << " (" << summary.counts.finished() << " finished trials) from "
                << a->db << "? [y/N] " << std::flush;
      std::string answer;
      std::getline(std::cin, answer);
      if (answer != "y" && answer != "Y" && answer != "yes") {
        std::cerr << "not deleted\n";
        return;
      }
    }
    const int trials = store.delete_study(a->study, a->running);
    std::cout << "deleted study " << a->study << " (" << trials << " trials) from " << a->db << "\n";
  });
}

}  // namespace

void add_study_commands(CLI::App& app) {
  add_run(app);
  add_resume(app);
  add_list(app);
  add_show(app);
  add_export(app);
  add_delete(app);
}

}  // namespace archex::exp
