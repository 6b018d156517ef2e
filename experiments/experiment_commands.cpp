// `archex experiment run` and `archex compare`.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "experiments/commands.h"
#include "experiments/comparison.h"
#include "experiments/comparison_json.h"
#include "experiments/experiment_runner.h"
#include "experiments/experiment_status.h"
#include "experiments/grid_eta.h"
#include "experiments/interrupt.h"
#include "experiments/mpi_session.h"
#include "experiments/number_format.h"
#include "experiments/study_loader.h"
#include "explorer/sqlite_trial_store.h"

namespace archex::exp {
namespace {

std::string best_text(const std::optional<double>& best, const std::string& unit) {
  if (!best) return "no feasible design yet";
  return "best " + format_number(*best, 6) + (unit.empty() ? "" : " " + unit);
}

// "12 s", "4 min 10 s", "2 h 05 min".
std::string duration_text(double seconds) {
  char buf[48];
  const long s = static_cast<long>(seconds + 0.5);
  if (s < 60)
    std::snprintf(buf, sizeof buf, "%ld s", s);
  else if (s < 3600)
    std::snprintf(buf, sizeof buf, "%ld min %02ld s", s / 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld h %02ld min", s / 3600, (s % 3600) / 60);
  return buf;
}

// One line per study when it starts, ends or is skipped; on a terminal the
// current study's line is also refreshed in place (at most 5 times a second).
class ExperimentReporter {
 public:
  ExperimentReporter(std::string unit, const std::vector<ExperimentCell>& cells) : unit_(std::move(unit)), eta_({}) {
    std::vector<GridEta::Cell> timed;
    for (const auto& c : cells) timed.push_back({c.spec.optimizer, c.spec.trials});
    eta_ = GridEta(std::move(timed));
  }

  void operator()(const ExperimentProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    const bool tty = isatty(STDERR_FILENO);
    const std::string head = "[" + std::to_string(p.cell + 1) + "/" + std::to_string(p.cells) + "] " + p.study + ": ";
    if (p.skipped) {
      std::cerr << head << "already complete (" << p.finished << " trials, " << best_text(p.best, unit_) << ")\n";
      return;
    }
    eta_.update(p.cell, p.finished, std::chrono::duration<double>(now - start_).count());
    const std::string line = head + std::to_string(p.finished) + "/" + std::to_string(p.target) + " trials, " +
                             best_text(p.best, unit_) + eta(p);
    if (p.done) {
      std::cerr << (tty ? "\r\033[K" : "") << line << "\n";
      return;
    }
    if (tty && now - last_ > std::chrono::milliseconds(200)) {
      last_ = now;
      std::cerr << "\r\033[K" << line << std::flush;
    }
  }

 private:
  // "; grid 35 % done, about 4 min 10 s left" (grid_eta.h: per-optimizer rates).
  std::string eta(const ExperimentProgress& p) const {
    if (p.grid_target <= 0) return "";
    std::string text = "; grid " + std::to_string(100 * p.grid_finished / p.grid_target) + " % done";
    if (const auto left = eta_.seconds_left(); left && p.grid_finished < p.grid_target)
      text += ", about " + duration_text(*left) + " left" + (eta_.has_untimed() ? " (not every optimizer timed yet)" : "");
    return text;
  }

  std::string unit_;
  GridEta eta_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

void add_experiment_run(CLI::App& parent) {
  auto* run = parent.add_subcommand("run", "Run (or continue) every study of an experiment spec");
  auto spec_file = std::make_shared<std::string>();
  auto db = std::make_shared<std::string>("archex.db");
  auto jobs = std::make_shared<int>(0);
  auto json = std::make_shared<bool>(false);
  auto shard = std::make_shared<std::string>();
  auto mpi_flag = std::make_shared<bool>(false);
  run->add_option("spec", *spec_file, "Experiment spec (YAML), e.g. experiments/specs/apollo-transfer-quick.yaml")
      ->required();
  run->add_option("--db", *db, "Trial database (created if missing)")->capture_default_str();
  run->add_option("--jobs,-j", *jobs,
                  "Threads (overrides the spec's jobs): up to this many studies at once, the rest evaluate in parallel")
      ->check(CLI::Range(1, 256));
  run->add_flag("--json", *json, "Print the outcome as JSON (studies, skipped, completed, trials, seconds)");
  run->add_option("--shard", *shard,
                  "Run only slice I of N of the grid (I/N, 1 <= I <= N; e.g. a Slurm array task), each in its own --db");
  run->add_flag("--mpi", *mpi_flag, "Run as an MPI job even if no MPI launcher is detected");
  run->callback([spec_file, db, jobs, json, shard, mpi_flag] {
    // Under MPI, rank 0 also evaluates on one slot of its own: the grid's
    // studies are spread over every rank.
    auto mpi = MpiSession::start(*mpi_flag, 1);
    if (mpi && mpi->is_worker()) return mpi->serve();
    const auto spec = read_experiment_spec(*spec_file);
    validate_experiment(spec);  // before the database is created or opened
    ExperimentRunOptions options;
    if (!shard->empty()) options.shard = parse_shard(*shard);
    explore::SqliteTrialStore store(*db);
    announce_schema_upgrade(store);
    if (*jobs > 0) options.jobs = *jobs;
    const auto cells = options.shard ? shard_cells(expand_cells(spec), *options.shard) : expand_cells(spec);
    if (mpi && mpi->ranks() > 1) {
      auto& dispatcher = mpi->dispatcher();
      options.parallel_studies = dispatcher.slots();
      options.executor = [&dispatcher](const explore::StudySpec& study, const explore::Evaluator& local) {
        return dispatcher.executor(study, local, study.batch > 1 ? study.batch : study.jobs);
      };
      std::cerr << "running up to " << dispatcher.slots() << " studies at once on " << mpi->ranks()
                << " MPI ranks\n";
    } else {
      const ThreadShare share = share_threads(options.jobs.value_or(spec.study.jobs), cells.size());
      options.parallel_studies = share.studies_at_once;
      options.jobs = share.jobs_per_study;
      if (share.studies_at_once > 1) std::cerr << "running up to " << share.studies_at_once << " studies at once\n";
    }
    ExperimentReporter reporter(explore::objective_unit(spec.study.objectives.front().kind), cells);
    options.on_progress = [&reporter](const ExperimentProgress& p) { reporter(p); };
    const auto start = std::chrono::steady_clock::now();
    ExperimentRunSummary summary;
    {
      InterruptHandler interrupt;
      options.stop = interrupt.stop_flag();
      summary = run_experiment(spec, store, options);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (*json)
      std::cout << nlohmann::json{{"experiment", spec.name},
                                  {"database", *db},
                                  {"shard", options.shard ? nlohmann::json(*shard) : nlohmann::json(nullptr)},
                                  {"studies", summary.studies},
                                  {"skipped", summary.skipped},
                                  {"completed", summary.completed},
                                  {"trials", summary.trials_run},
                                  {"seconds", seconds},
                                  {"stopped", summary.stopped}}
                       .dump(2)
                << "\n";
    else
      std::cout << "experiment " << spec.name << ": " << summary.studies << " studies"
                << (options.shard ? " of shard " + *shard : std::string()) << " (" << summary.skipped
                << " already complete, " << summary.completed << " completed now), " << summary.trials_run
                << " trials in " << format_number(seconds, 3) << " s; database " << *db << "\n";
    if (summary.stopped) {
      throw Interrupted("interrupted: finished studies and trials are kept; run the same command again to continue");
    }
  });
}

void add_experiment_status(CLI::App& parent) {
  auto* status = parent.add_subcommand("status", "What is done, running and left of an experiment grid");
  struct Args {
    std::string spec, db = "archex.db";
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  status->add_option("spec", a->spec, "Experiment spec (YAML)")->required();
  status->add_option("--db", a->db, "Trial database")->capture_default_str();
  status->add_flag("--json", a->json, "Print JSON");
  status->callback([a] {
    const auto spec = read_experiment_spec(a->spec);
    auto store = open_existing_store(a->db, true);
    const auto cells = experiment_status(spec, store);
    if (a->json)
      std::cout << experiment_status_json(spec, cells).dump(2) << "\n";
    else
      print_experiment_status(std::cout, spec, cells, a->db);
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
    bool json = false;
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
  cmp->add_flag("--json", args->json, "Print the series summaries and the files written as JSON");
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
    options.source.experiment_spec = args->experiment;
    for (const auto& db : selection.databases) options.source.databases.push_back(db.string());
    const auto result = write_comparison(loaded.studies, args->out, options);
    if (args->json) {
      std::cout << comparison_json(result, loaded.studies.size()).dump(2) << "\n";
      return;
    }
    std::cout << "compared " << loaded.studies.size() << " studies (" << result.summaries.size() << " series)\n";
    for (const auto& f : result.files) std::cout << "  " << f.string() << "\n";
  });
}

}  // namespace

void add_experiment_commands(CLI::App& app) {
  auto* experiment = app.add_subcommand("experiment", "Experiment grids: optimizers x workloads x budgets x seeds");
  experiment->require_subcommand(1);
  add_experiment_run(*experiment);
  add_experiment_status(*experiment);
  add_compare(app);
}

}  // namespace archex::exp
