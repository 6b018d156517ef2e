#include "experiments/study_loader.h"

#include <map>
#include <memory>

#include "accelerator-template/parameter_value.h"
#include "experiments/hypervolume_curve.h"
#include "explorer/errors.h"
#include "explorer/sqlite_trial_store.h"
#include "explorer/study_setup.h"
#include "optimizers/pareto.h"

namespace archex::exp {
namespace {

std::string workload_label(const explore::StudySpec& spec) {
  std::string label;
  for (const auto& w : spec.workloads) label += (label.empty() ? "" : "+") + w.name;
  return label;
}

// The baseline config's objective value without the area constraint (the
// baseline may not fit a small budget, but it is still the reference point).
std::optional<double> baseline_objective(const explore::StudyEnvironment& env) {
  const auto& o = env.objective;
  std::vector<double> weights;
  for (const auto& w : env.workloads) weights.push_back(w.weight);
  const explore::Objective unconstrained(o.kind(), std::nullopt, o.workload_names(), weights, o.baseline_latency_ms());
  std::vector<const cost::Metrics*> metrics;
  for (const auto& m : env.baseline) metrics.push_back(&m);
  const auto score = unconstrained.score(metrics);
  if (!score.feasible) return std::nullopt;
  return score.value;
}

// "evolution" or "evolution (population=20, batch 10)".
std::string default_label(const explore::StudySpec& spec) {
  std::string extra;
  for (const auto& [key, value] : spec.optimizer_settings) extra += (extra.empty() ? "" : ", ") + key + "=" + value;
  if (spec.batch != 1) extra += (extra.empty() ? "" : ", ") + std::string("batch ") + std::to_string(spec.batch);
  if (!spec.template_file.empty()) extra += (extra.empty() ? "" : ", ") + spec.template_file;
  return extra.empty() ? spec.optimizer : spec.optimizer + " (" + extra + ")";
}

ComparedStudy to_compared(explore::TrialStore& store, const explore::StudyRecord& record, const std::string& label) {
  const auto spec = explore::stored_spec(record);
  const auto env = explore::build_environment(spec);
  ComparedStudy c;
  c.study = record.name;
  c.database = store.location();
  c.workload = workload_label(spec);
  c.objective = std::string(to_string(spec.primary().kind));
  c.objective_unit = env->objective.unit();
  c.maximize = record.direction == explore::Direction::kMaximize;
  c.budget_mm2 = spec.budget_mm2;
  c.optimizer = spec.optimizer;
  const std::string recorded = explore::stored_label(record);  // run --label, or the experiment's
  c.label = !label.empty() ? label : !recorded.empty() ? recorded : default_label(spec);
  // Everything of the spec but the seed and the prior studies' names.
  nlohmann::json identity = spec.identity_json();
  identity.erase("seed");
  identity.erase("priors");
  c.pool_key = identity.dump();
  c.seed = spec.seed;
  for (const auto& p : spec.priors) c.prior += (c.prior.empty() ? "" : ",") + p;
  if (spec.multi_objective()) {
    // Several objectives: the curve is the hypervolume dominated so far.
    const HypervolumeReference reference = hypervolume_reference(spec, *env);
    c.objective = "hypervolume of " + explore::objectives_label(spec.objectives);
    c.objective_unit = "reference " + reference.text;
    c.maximize = true;
    const auto trials = store.trials(record.id);
    c.trials = hypervolume_curve(trials, spec, reference);
    for (const auto& o : spec.objectives) {
      const auto& info = explore::metric_info(o.kind);
      c.objective_axes.push_back(std::string(info.name) + (info.unit.empty() ? "" : " (" + std::string(info.unit) + ")"));
    }
    std::vector<opt::Objectives> minimised;
    std::vector<const explore::TrialRecord*> complete;
    for (const auto& t : trials) {
      if (t.state != explore::TrialState::kComplete || t.values.size() != spec.objectives.size()) continue;
      opt::Objectives m;
      for (std::size_t k = 0; k < t.values.size(); ++k)
        m.push_back(explore::to_minimization(spec.objectives[k].direction, t.values[k]));
      minimised.push_back(std::move(m));
      complete.push_back(&t);
    }
    for (auto i : opt::pareto_front(minimised)) c.front.push_back(complete[i]->values);
    return c;
  }
  c.baseline_objective = baseline_objective(*env);
  for (const auto& p : env->space.parameters()) {
    c.importance.names.push_back(p.name);
    c.importance.sizes.push_back(static_cast<int>(p.values.size()));
  }
  const std::vector<explore::TrialRecord> trials = store.trials(record.id);
  const explore::TrialRecord* best = nullptr;
  for (const auto& t : trials) {
    if (t.state == explore::TrialState::kRunning) continue;
    const bool ok = t.state == explore::TrialState::kComplete && t.value.has_value();
    c.trials.push_back(CurvePoint{ok, ok ? *t.value : 0.0});
    if (ok && (best == nullptr || explore::better(record.direction, *t.value, *best->value))) best = &t;
    if (t.point.size() == c.importance.names.size() && t.state != explore::TrialState::kFailed)
      c.importance.add(t.point, ok ? std::optional(explore::to_minimization(record.direction, *t.value))
                                   : std::nullopt);
  }
  if (best != nullptr) {
    std::string config;
    const auto& params = env->space.parameters();
    for (std::size_t i = 0; i < params.size() && i < best->point.size(); ++i) {
      if (!config.empty()) config += ' ';
      config += params[i].name + "=" + arch::format_parameter_value(params[i], params[i].values[best->point[i]]);
    }
    c.best = ComparedStudy::BestDesign{best->number, *best->value, config, best->metrics_json};
  }
  return c;
}

}  // namespace

LoadedStudies load_studies(const StudySelection& selection) {
  if (selection.databases.empty()) throw explore::StoreError("no database given to compare");
  std::vector<std::unique_ptr<explore::SqliteTrialStore>> stores;
  explore::SqliteStoreOptions read_only;
  read_only.create = false;
  read_only.read_only = true;
  for (const auto& db : selection.databases) stores.push_back(std::make_unique<explore::SqliteTrialStore>(db, read_only));

  std::vector<std::string> names = selection.studies;
  std::map<std::string, std::string> labels;  // study -> the experiment's optimizer label
  const bool from_experiment = names.empty() && selection.experiment;
  if (from_experiment)
    for (const auto& cell : expand_cells(*selection.experiment)) {
      names.push_back(cell.spec.name);
      labels[cell.spec.name] = cell.label;
    }

  LoadedStudies loaded;
  if (names.empty()) {
    for (auto& store : stores)
      for (const auto& s : store->list_studies()) loaded.studies.push_back(to_compared(*store, s.study, ""));
    return loaded;
  }
  for (const auto& name : names) {
    bool found = false;
    for (auto& store : stores) {
      if (auto record = store->find_study(name)) {
        const auto label = labels.find(name);
        loaded.studies.push_back(to_compared(*store, *record, label == labels.end() ? "" : label->second));
        found = true;
        break;
      }
    }
    if (found) continue;
    if (from_experiment) {
      loaded.missing.push_back(name);
      continue;
    }
    std::string searched;
    for (const auto& db : selection.databases) searched += (searched.empty() ? "" : ", ") + db.string();
    throw explore::StoreError("study '" + name + "' is in none of the databases searched (" + searched + ")");
  }
  return loaded;
}

}  // namespace archex::exp
