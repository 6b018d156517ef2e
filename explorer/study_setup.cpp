#include "explorer/study_setup.h"

#include <algorithm>

#include "accelerator-template/template.h"
#include "cost-models/registry.h"
#include "explorer/child_process.h"
#include "explorer/errors.h"
#include "explorer/workload_fingerprint.h"
#include "optimizers/registry.h"
#include "workloads/registry.h"

namespace archex::explore {
namespace {

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

SpecError different_spec(const TrialStore& store, const StudySpec& stored, const StudySpec& requested) {
  return SpecError("study '" + requested.name + "' in " + store.location() + " already exists with a different spec (" +
                   join(spec_differences(stored, requested), "; ") +
                   "); choose another --study name, or `archex resume --study " + requested.name + "` to continue it");
}

}  // namespace

std::string default_optimizer_name() {
  std::string fallback = "random";
  for (const auto& info : opt::list_optimizers())
    if (info.name == "evolution") return info.name;
  return fallback;
}

std::unique_ptr<StudyEnvironment> build_environment(const StudySpec& spec) {
  if (spec.evaluator) {
    // A missing program is a spec error, found before any trial is created.
    const auto argv = split_command(spec.evaluator->command);
    if (!program_exists(argv.front()))
      throw SpecError("field 'evaluator.command': program '" + argv.front() +
                      "' is not an executable file (nor found on $PATH); the command is run directly, not by a shell");
  }
  const arch::Template tmpl =
      spec.template_file.empty() ? arch::Template::load_default() : arch::Template::load_named(spec.template_file);
  TemplateSpace space = TemplateSpace::from_template(tmpl);
  std::shared_ptr<const cost::CostModel> model = cost::make_cost_model(spec.cost_model, tmpl);

  std::vector<EvalWorkload> workloads;
  std::vector<std::string> names;
  std::vector<double> weights, baseline_latency;
  std::vector<cost::Metrics> baseline;
  for (const auto& entry : spec.workloads) {
    auto loaded = std::make_shared<const workload::Workload>(workload::load_workload(entry.name));
    std::string key = workload_fingerprint(*loaded);
    cost::Metrics metrics = model->evaluate(*loaded, space.baseline());
    metrics.layers.clear();
    const bool speedup = std::any_of(spec.objectives.begin(), spec.objectives.end(),
                                     [](const ObjectiveSpec& o) { return o.kind == ObjectiveKind::kGeomeanSpeedup; });
    if (speedup && (!metrics.feasible || !(metrics.latency_ms > 0)))
      throw SpecError("objective geomean-speedup: the template's baseline config cannot run workload '" + entry.name +
                      "' (" + (metrics.reason.empty() ? "no latency" : metrics.reason) +
                      "), so there is no speed-up to measure against");
    names.push_back(entry.name);
    weights.push_back(entry.weight);
    baseline_latency.push_back(metrics.latency_ms);
    baseline.push_back(std::move(metrics));
    workloads.push_back({entry.name, entry.weight, std::move(loaded), std::move(key)});
  }
  Objective objective(spec.objectives, spec.constraints, spec.budget_mm2, names, weights, baseline_latency);

  // Creating one now reports an unknown optimizer or a bad setting before any
  // study is created.
  opt::make_optimizer(spec.optimizer, space.space(), spec.optimizer_settings);
  OptimizerFactory factory = [name = spec.optimizer, settings = spec.optimizer_settings](const opt::SearchSpace& s) {
    return opt::make_optimizer(name, s, settings);
  };
  return std::make_unique<StudyEnvironment>(StudyEnvironment{std::move(space), std::move(model), std::move(workloads),
                                                             std::move(objective), std::move(baseline),
                                                             std::move(factory), spec.seed, tmpl.name(),
                                                             tmpl.content_hash(), spec.evaluator});
}

StudySpec stored_spec(const StudyRecord& record) {
  nlohmann::json identity;
  try {
    identity = nlohmann::json::parse(record.spec_json);
  } catch (const nlohmann::json::exception& e) {
    throw StoreError("the stored spec of study '" + record.name + "' is not valid JSON: " + e.what());
  }
  return StudySpec::from_identity(identity, record.name, record.target_trials, record.jobs);
}

OpenedStudy open_study(TrialStore& store, const StudySpec& spec, std::unique_ptr<StudyEnvironment> env,
                       const std::string& label) {
  spec.validate();
  NewStudy request;
  request.name = spec.name;
  request.spec_json = spec.canonical();
  request.direction = spec.direction();
  request.target_trials = spec.trials;
  request.jobs = spec.jobs;
  nlohmann::json context = env->context_json();
  if (!label.empty()) context["label"] = label;  // not compared by context_mismatch: a name, not a setting
  request.context_json = context.dump();
  request.prior_studies = spec.priors;
  auto [record, created] = store.create_or_get_study(request);
  if (!created) {
    if (record.spec_json != request.spec_json) throw different_spec(store, stored_spec(record), spec);
    nlohmann::json stored_context;
    try {
      stored_context = nlohmann::json::parse(record.context_json);
    } catch (const nlohmann::json::exception&) {
    }
    const std::string old_label = stored_context.is_object() ? stored_context.value("label", std::string()) : "";
    if (!label.empty() && label != old_label)
      throw SpecError("study '" + spec.name + "' is labelled '" + old_label +
                      "'; a label is given when a study is created (start a new study, --study NAME)");
    if (auto mismatch = context_mismatch(stored_context, context); !mismatch.empty())
      throw SpecError("study '" + spec.name + "' cannot be continued: " + mismatch +
                      " since it was created; start a new study (--study NAME)");
    if (record.target_trials != spec.trials || record.jobs != spec.jobs) {
      store.set_target_and_jobs(record.id, spec.trials, spec.jobs);
      record.target_trials = spec.trials;
      record.jobs = spec.jobs;
    }
  }
  OpenedStudy opened{spec, record, created, std::move(env), {}};
  opened.priors = load_priors(store, opened.record, *opened.env, PriorRecipe::parse(spec.prior_recipe));
  return opened;
}

std::string stored_label(const StudyRecord& record) {
  try {
    const nlohmann::json context = nlohmann::json::parse(record.context_json);
    if (context.is_object()) return context.value("label", std::string());
  } catch (const nlohmann::json::exception&) {
  }
  return "";
}

OpenedStudy open_study_for_run(TrialStore& store, const StudySpecInput& input, const std::string& label) {
  const std::string fallback = default_optimizer_name();
  // The name is given, or derived from the spec as resolved over the defaults.
  const std::string name = input.name ? *input.name : resolve_spec(input, nullptr, fallback).name;
  StudySpec spec;
  if (auto record = store.find_study(name); !record) {
    spec = resolve_spec(input, nullptr, fallback);
  } else {
    const StudySpec stored = stored_spec(*record);
    spec = resolve_spec(input, &stored, fallback);
    if (!spec_differences(stored, spec).empty()) throw different_spec(store, stored, spec);
  }
  auto env = build_environment(spec);
  return open_study(store, spec, std::move(env), label);
}

OpenedStudy open_study_for_resume(TrialStore& store, const std::string& name, const StudySpecInput& changes) {
  const StudyRecord record = store.get_study(name);
  const StudySpec stored = stored_spec(record);
  if (changes.trials) {
    // A target below the trials the study already has would read "50/20".
    const int existing = store.summarize(record.id).counts.total();
    if (*changes.trials < existing)
      throw SpecError("--trials " + std::to_string(*changes.trials) + " is below the " + std::to_string(existing) +
                      " trials study '" + name + "' already has; give a target of at least " +
                      std::to_string(existing));
  }
  if (changes.evaluator_timeout_s && !stored.evaluator)
    throw SpecError("--evaluator-timeout: study '" + name + "' has no external evaluator");
  StudySpecInput input = changes;
  input.name = name;
  const StudySpec spec = resolve_spec(input, &stored, default_optimizer_name());
  // Resuming changes settings of a run only, never what the study is.
  if (const auto differences = spec_differences(stored, spec); !differences.empty())
    throw SpecError("study '" + name + "' cannot be resumed with another spec (" + join(differences, "; ") +
                    "); `archex run` with the changed spec starts a new study");
  auto env = build_environment(spec);
  return open_study(store, spec, std::move(env));
}

}  // namespace archex::explore
