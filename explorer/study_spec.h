#pragma once
// A study spec: what to search (workloads, template, cost model), for what
// (objective, area budget), how (optimizer + settings, seed, trials, jobs) and
// with which prior knowledge (other studies). Read from a YAML file and/or
// command-line flags; parsed and validated before anything is built.
//
// Identity: two specs describe the same study when their canonical JSON
// (identity_json) is equal. `trials` and `jobs` are not part of it: raising the
// trial budget or the thread count continues the same study.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "explorer/metric.h"
#include "explorer/trial.h"
#include "optimizers/optimizer.h"

namespace archex::explore {

// Whether the study takes the area budget: every study but one whose only
// objective is perf-per-area (which trades area against latency itself).
bool uses_budget(const std::vector<ObjectiveSpec>& objectives);

struct WorkloadEntry {
  std::string name;     // zoo name, saved workload or file path (workload::load_workload)
  double weight = 1.0;  // weight in the geometric mean; > 0
  friend bool operator==(const WorkloadEntry&, const WorkloadEntry&) = default;
};

// The edge area budget of the Apollo study (arXiv 2102.01723) that archex reproduces.
inline constexpr double kDefaultBudgetMm2 = 6.8;
inline constexpr int kDefaultTrials = 1000;
inline constexpr int kMaxTrials = 10'000'000;
inline constexpr int kMaxJobs = 256;
inline constexpr int kMaxBatch = 1024;
inline constexpr const char* kDefaultWorkload = "mobilenet_v2";

// An external evaluator (docs/evaluators.md): a command that measures designs
// instead of the analytical model. The command is part of the study's
// identity (another command measures other numbers: a different study); the
// timeout and retries are settings of a run, like jobs.
inline constexpr double kDefaultEvaluatorTimeoutS = 600.0;
inline constexpr int kDefaultEvaluatorRetries = 2;
inline constexpr int kMaxEvaluatorRetries = 10;
struct EvaluatorSpec {
  EvaluatorSpec() = default;
  explicit EvaluatorSpec(std::string command_line) : command(std::move(command_line)) {}
  // The command line, split into words by split_command() (quotes and
  // backslashes as in a shell) and executed directly: never through /bin/sh.
  std::string command;
  double timeout_s = kDefaultEvaluatorTimeoutS;  // per design (and for the handshake), seconds, > 0
  int retries = kDefaultEvaluatorRetries;        // fresh processes tried after a failed attempt, 0 .. 10
  // Multi-fidelity: the analytical model scores every design first; only a
  // design whose first objective is within this many percent of the best
  // analytical value so far goes to the evaluator, the others are stored
  // infeasible ("screened out") with their analytical metrics. Part of the
  // identity. Absent: every design goes to the evaluator.
  std::optional<double> screen_within_pct;
  friend bool operator==(const EvaluatorSpec&, const EvaluatorSpec&) = default;
};

struct StudySpec {
  std::string name;  // study name in the database: letters, digits and . _ - + @ =
  std::vector<WorkloadEntry> workloads{{kDefaultWorkload, 1.0}};
  std::string template_file;            // "" = the shipped edge template, else a template YAML path
  std::string cost_model = "analytical";
  // One or more objectives; the first is the one a single value stands for
  // (the study's direction, "best"). Several: a Pareto front is searched.
  std::vector<ObjectiveSpec> objectives{natural_objective(ObjectiveKind::kLatency)};
  std::optional<double> budget_mm2 = kDefaultBudgetMm2;  // mm^2, the area constraint; absent: no budget
  std::vector<ConstraintSpec> constraints;  // further constraints, each metric <= or >= a bound
  std::string optimizer;                // registered optimizer name
  opt::Settings optimizer_settings;     // key -> value, checked by the optimizer
  std::uint64_t seed = 0;
  int trials = kDefaultTrials;          // trial budget, 1 .. 10,000,000
  int jobs = 1;                         // evaluation threads, 1 .. 256
  // Points proposed per optimizer call, 1 .. 1024. Each batch is proposed from
  // the trials before it only (all finished), so a run is deterministic for
  // any `jobs`; model-based optimizers refit once per batch instead of once
  // per trial. Part of the study's identity when > 1.
  int batch = 1;
  std::vector<std::string> priors;      // studies (same database) whose trials warm-start this one
  std::string prior_recipe = "all";     // which prior trials are taken (explorer/prior_recipe.h)
  std::optional<EvaluatorSpec> evaluator;  // absent: the cost model measures

  // Throws SpecError naming the field, the value and the violated rule.
  void validate() const;
  Direction direction() const { return objectives.front().direction; }
  const ObjectiveSpec& primary() const { return objectives.front(); }
  bool multi_objective() const { return objectives.size() > 1; }

  // Canonical JSON of everything but name, trials, jobs and the evaluator's
  // timeout and retries (sorted keys).
  nlohmann::json identity_json() const;
  std::string canonical() const { return identity_json().dump(); }
  // Rebuilds a spec from identity_json() (as stored in the database); the
  // evaluator's timeout and retries take their defaults.
  static StudySpec from_identity(const nlohmann::json& identity, std::string name, int trials, int jobs);
};

// "name: stored value vs requested value" for every identity field that differs.
std::vector<std::string> spec_differences(const StudySpec& stored, const StudySpec& requested);

// A name derived from the spec, used when none is given:
// "<workloads>-<objectives>[-<budget>mm2]-<optimizer>-seed<seed>".
std::string default_study_name(const StudySpec& spec);

// What the user wrote (YAML file, flags, Python keywords): every field optional. How
// each is read, overlaid and resolved is declared in explorer/study_fields.cpp. Fields
// left unset come from the stored study when it exists, else the defaults.
struct StudySpecInput {
  std::optional<std::string> name;
  std::optional<std::vector<WorkloadEntry>> workloads;
  std::optional<std::string> template_file;
  std::optional<std::string> cost_model;
  std::optional<std::vector<ObjectiveSpec>> objectives;
  std::optional<std::vector<ConstraintSpec>> constraints;
  std::optional<double> budget_mm2;
  std::optional<std::string> optimizer;
  std::optional<opt::Settings> optimizer_settings;
  std::optional<std::uint64_t> seed;
  std::optional<int> trials;
  std::optional<int> jobs;
  std::optional<int> batch;
  std::optional<std::vector<std::string>> priors;
  std::optional<std::string> prior_recipe;
  std::optional<std::string> evaluator_command;  // `evaluator: {command: ...}`, --evaluator
  std::optional<double> evaluator_timeout_s;     // `evaluator: {timeout_s: ...}`, --evaluator-timeout
  std::optional<int> evaluator_retries;          // `evaluator: {retries: ...}`
  std::optional<double> evaluator_screen_within_pct;  // `evaluator: {screen: {within_pct: ...}}`
};

// Parses a YAML spec file. Throws SpecError "FILE:LINE:COL: field 'x': ..." for
// unreadable files, bad YAML, unknown keys and ill-typed values.
StudySpecInput read_spec_file(const std::filesystem::path& file);
StudySpecInput parse_spec_yaml(const std::string& text, const std::string& source);
// Fields set in `top` replace those of `base` (flags over a file).
void overlay(StudySpecInput& base, const StudySpecInput& top);
// Splits "mobilenet_v2,resnet50" (optionally "name:weight") into workload entries.
std::vector<WorkloadEntry> parse_workload_list(std::string_view text, std::string_view where);

// The largest of the template's own area budgets (`area_budgets_mm2`;
// apollo_edge: Apollo's 6.8 mm^2), or none when it declares none. `template_file`
// is a template name or file, "" for the default template.
std::optional<double> default_budget(const std::string& template_file);

// Fills unset fields from `stored` (when continuing a study) or the defaults,
// derives the name if none was given, and validates.
StudySpec resolve_spec(const StudySpecInput& input, const StudySpec* stored, const std::string& default_optimizer);

}  // namespace archex::explore
