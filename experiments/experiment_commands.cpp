// `archex experiment run` and `archex compare`.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "experiments/commands.h"
#include "experiments/comparison.h"
#include "experiments/experiment_runner.h"
#include "experiments/interrupt.h"
#include "experiments/study_loader.h"
#include "explorer/sqlite_trial_store.h"

namespace archex::exp {
namespace {

std::string best_text(const std::optional<double>& best) {
  if (!best) return "no feasible design yet";
  char buf[64];
  std::snprintf(buf, sizeof buf, "best %.6g", *best);
  return buf;
}

// One line per study when it starts, ends or is skipped; on a terminal the
// current study's line is also refreshed in place (at most 5 times a second).
class ExperimentReporter {
 public:
  void operator()(const ExperimentProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    const bool tty = isatty(STDERR_FILENO);
    const std::string head = "[" + std::to_string(p.cell + 1) + "/" + std::to_string(p.cells) + "] " + p.study + ": ";
    if (p.skipped) {
      std::cerr << head << "already complete (" << p.finished << " trials, " << best_text(p.best) << ")\n";
      return;
    }
    if (p.done) {
      std::cerr << (tty ? "\r\033[K" : "") << head << p.finished << "/" << p.target << " trials, " << best_text(p.best)
                << "\n";
      return;
    }
    if (tty && now - last_ > std::chrono::milliseconds(200)) {
      last_ = now;
      std::cerr << "\r\033[K" << head << p.finished << "/" << p.target << " trials, " << best_text(p.best) << std::flush;
    }
  }

 private:
  std::chrono::steady_clock::time_point last_{};
};

void add_experiment_run(CLI::App& parent) {
  auto* run = parent.add_subcommand("run", "Run (or continue) every study of an experiment spec");
  auto spec_file = std::make_shared<std::string>();
  auto db = std::make_shared<std::string>("archex.db");
  auto jobs = std::make_shared<int>(0);
  run->add_option("spec", *spec_file, "Experiment spec (YAML), e.g. experiments/specs/apollo-transfer-quick.yaml")
      ->required();
  run->add_option("--db", *db, "Trial database (created if missing)")->capture_default_str();
  run->add_option("--jobs,-j", *jobs, "Evaluation threads per study (overrides the spec)")->check(CLI::Range(1, 256));
  run->callback([spec_file, db, jobs] {
    const auto spec = read_experiment_spec(*spec_file);
    validate_experiment(spec);  // before the database is created or opened
    explore::SqliteTrialStore store(*db);
    announce_schema_upgrade(store);
    ExperimentRunOptions options;
    if (*jobs > 0) options.jobs = *jobs;
    ExperimentReporter reporter;
    options.on_progress = [&reporter](const ExperimentProgress& p) { reporter(p); };
    const auto start = std::chrono::steady_clock::now();
    ExperimentRunSummary summary;
    {
      InterruptHandler interrupt;
      options.stop = interrupt.stop_flag();
      summary = run_experiment(spec, store, options);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "experiment " << spec.name << ": " << summary.studies << " studies (" << summary.skipped
              << " already complete, " << summary.completed << " completed now), " << summary.trials_run
              << " trials in " << seconds << " s; database " << *db << "\n";
    if (summary.stopped) {
      std::cout << "stopped: run the same command again to continue\n";
      throw std::runtime_error("interrupted");
    }
  });
}

void add_compare(CLI::App& app) {
  auto* cmp = app.add_subcommand("compare", "Compare optimizer curves: curves.csv, summary.csv/.md, plots, report.html");
  struct Args {
    std::string experiment;
    std::vector<std::string> studies;
    std::vector<std::string> dbs;
    std::string out = "compare";
    double reach = 0.95;
    bool no_plots = false;
  };
  auto args = std::make_shared<Args>();
  cmp->add_option("--experiment,-e", args->experiment, "Experiment spec whose studies to compare");
  cmp->add_option("--study,-s", args->studies, "Study to include (repeatable); default: every study");
  cmp->add_option("--db", args->dbs, "Trial database(s) to read (repeatable; default archex.db)");
  cmp->add_option("--out,-o", args->out, "Output directory")->capture_default_str();
  cmp->add_option("--reach", args->reach, "Fraction of the best found for 'trials to reach'")
      ->check(CLI::Range(0.01, 1.0))
      ->capture_default_str();
  cmp->add_flag("--no-plots", args->no_plots, "Skip gnuplot (CSV, Markdown and HTML only)");
  cmp->callback([args] {
    StudySelection selection;
    for (const auto& db : args->dbs) selection.databases.emplace_back(db);
    if (selection.databases.empty()) selection.databases.emplace_back("archex.db");
    selection.studies = args->studies;
    if (!args->experiment.empty()) selection.experiment = read_experiment_spec(args->experiment);
    const auto loaded = load_studies(selection);
    for (const auto& m : loaded.missing) std::cerr << "archex: warning: study " << m << " has not been run yet\n";
    CompareOptions options;
    options.reach_fraction = args->reach;
    options.plots = !args->no_plots;
    const auto result = write_comparison(loaded.studies, args->out, options);
    std::cout << "compared " << loaded.studies.size() << " studies (" << result.summaries.size() << " series)\n";
    for (const auto& f : result.files) std::cout << "  " << f.string() << "\n";
  });
}

}  // namespace

void add_experiment_commands(CLI::App& app) {
  auto* experiment = app.add_subcommand("experiment", "Experiment grids: optimizers x workloads x budgets x seeds");
  experiment->require_subcommand(1);
  add_experiment_run(*experiment);
  add_compare(app);
}

}  // namespace archex::exp
