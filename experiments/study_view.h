#pragma once
// What `archex run / show / list / export` print about a study, read from the
// database alone (spec, context, trials): no workload or cost model is loaded,
// so a study can be inspected on a machine that lacks its workload files.

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "accelerator-template/template.h"
#include "experiments/importance_view.h"
#include "explorer/study_spec.h"
#include "explorer/trial_store.h"

namespace archex::exp {

struct StudyView {
  explore::StudySummary summary;
  explore::StudySpec spec;
  std::vector<std::string> parameters;       // template order
  std::vector<std::int64_t> baseline_values;  // template baseline, same order
  std::vector<arch::TemplateParameter> space;  // names, values, units, labels (as recorded)
  nlohmann::json baseline_metrics;           // {"<workload>": metrics} of the baseline
  std::string template_name, template_hash;  // as recorded when the study was created (may be empty)
  std::optional<explore::TrialRecord> best;  // best complete trial, with metrics
  std::vector<explore::TrialRecord> trials;  // all, by number (when loaded)
};

// Reads the study; `with_trials` keeps every trial (export), else only the best.
StudyView load_study_view(explore::TrialStore& store, const std::string& name, bool with_trials);

// The best design against the template baseline: objective, latency and area
// per workload, speed-up, and the parameters that differ from the baseline.
void print_best_vs_baseline(std::ostream& out, const StudyView& view);
// Which parameters explain the (first) objective over the study's finished
// trials (needs view.trials): experiments/importance_view.h.
Importance study_importance(const StudyView& view);
// `archex show`: spec, progress, feasibility, best trial with config and
// metrics, and parameter importance when view.trials are loaded.
void print_study(std::ostream& out, const StudyView& view);
nlohmann::json study_json(const StudyView& view);
// [{"name", "direction", "unit", "column"}, ...]: a study's objectives in JSON output.
nlohmann::json objectives_json(const explore::StudySpec& spec);

// The complete trials no other complete trial beats in every objective (in
// each objective's direction), by trial number; needs view.trials. With one
// objective: the best trial(s).
std::vector<const explore::TrialRecord*> pareto_trials(const StudyView& view);
// `archex show --pareto`: the front with its objective values and configs.
void print_pareto(std::ostream& out, const StudyView& view);
nlohmann::json pareto_json(const StudyView& view);
// `archex list`: one line per study.
void print_study_list(std::ostream& out, const std::vector<explore::StudySummary>& studies, const std::string& db);
nlohmann::json study_list_json(const std::vector<explore::StudySummary>& studies);

}  // namespace archex::exp
