#include "explorer/study_spec.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "accelerator-template/template.h"
#include "explorer/errors.h"
#include "explorer/prior_recipe.h"
#include "explorer/number_text.h"
#include "explorer/study_fields.h"
#include "workloads/utf8.h"
#include "workloads/yaml_fields.h"

namespace archex::explore {
namespace {

bool valid_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == '+' ||
         c == '@' || c == '=';
}

void check_name(const std::string& name, const std::string& field) {
  if (name.empty() || name.size() > 128)
    throw SpecError("field '" + field + "': '" + name + "' must be 1 to 128 characters long");
  for (char c : name)
    if (!valid_name_char(c))
      throw SpecError("field '" + field + "': '" + name + "' may contain only letters, digits and . _ - + @ =");
}

std::string describe_workloads(const std::vector<WorkloadEntry>& workloads) {
  std::string text;
  for (const auto& w : workloads) {
    text += (text.empty() ? "" : ",") + w.name;
    if (w.weight != 1.0) text += ":" + shortest_number(w.weight);
  }
  return text;
}

}  // namespace

bool uses_budget(const std::vector<ObjectiveSpec>& objectives) {
  return !(objectives.size() == 1 && objectives.front().kind == ObjectiveKind::kPerfPerArea);
}

std::vector<WorkloadEntry> parse_workload_list(std::string_view text, std::string_view where) {
  std::vector<WorkloadEntry> entries;
  std::string item;
  std::istringstream in{std::string(text)};
  while (std::getline(in, item, ',')) {
    WorkloadEntry entry{item, 1.0};
    // "name:weight" — but a path may itself contain ':', so only a trailing number counts.
    if (auto colon = item.rfind(':'); colon != std::string::npos) {
      const std::string weight = item.substr(colon + 1);
      try {
        std::size_t used = 0;
        double value = std::stod(weight, &used);
        if (used == weight.size()) entry = {item.substr(0, colon), value};
      } catch (const std::exception&) {
      }
    }
    if (entry.name.empty())
      throw SpecError(std::string(where) + ": empty workload name in '" + std::string(text) + "'");
    entries.push_back(entry);
  }
  if (entries.empty()) throw SpecError(std::string(where) + ": no workload given");
  return entries;
}

void StudySpec::validate() const {
  check_name(name, "name");
  // Flags are not UTF-8 checked by a file reader, and the spec is stored as JSON.
  auto require_text = [](const std::string& value, const char* field) {
    if (!is_valid_utf8(value)) throw SpecError(std::string("field '") + field + "': not UTF-8 text");
  };
  for (const auto& w : workloads) require_text(w.name, "workloads");
  require_text(template_file, "template");
  require_text(cost_model, "cost_model");
  require_text(optimizer, "optimizer");
  for (const auto& [key, value] : optimizer_settings) {
    require_text(key, "settings");
    require_text(value, "settings");
  }
  for (const auto& p : priors) require_text(p, "priors");
  require_text(prior_recipe, "prior_recipe");
  PriorRecipe::parse(prior_recipe);
  if (workloads.empty()) throw SpecError("field 'workloads': at least one workload is needed");
  std::set<std::string> seen;
  for (const auto& w : workloads) {
    if (w.name.empty()) throw SpecError("field 'workloads': a workload name is empty");
    if (!seen.insert(w.name).second) throw SpecError("field 'workloads': '" + w.name + "' is listed twice");
    if (!(w.weight > 0) || !std::isfinite(w.weight))
      throw SpecError("field 'workloads': weight " + shortest_number(w.weight) + " of '" + w.name +
                      "' must be a positive number");
  }
  if (objectives.empty()) throw SpecError("field 'objectives': at least one objective is needed");
  std::set<ObjectiveKind> kinds;
  for (const auto& o : objectives) {
    if (!kinds.insert(o.kind).second)
      throw SpecError("field 'objectives': '" + std::string(to_string(o.kind)) + "' is listed twice");
    if (!metric_info(o.kind).any_workload_set && workloads.size() != 1)
      throw SpecError("field 'objective': " + std::string(to_string(o.kind)) + " takes exactly one workload, got " +
                      std::to_string(workloads.size()) + " (" + describe_workloads(workloads) +
                      "); use geomean-speedup for a workload set");
  }
  for (const auto& c : constraints)
    if (!metric_info(c.metric).any_workload_set && workloads.size() != 1)
      throw SpecError("field 'constraints': " + c.text() + " is defined for one workload, got " +
                      std::to_string(workloads.size()) + " (" + describe_workloads(workloads) + ")");
  if (uses_budget(objectives)) {
    // No budget: the template declares none (a fixed chip), the search is unconstrained.
    if (budget_mm2 && (!(*budget_mm2 > 0) || !std::isfinite(*budget_mm2)))
      throw SpecError("field 'budget_mm2': " + shortest_number(*budget_mm2) + " — objective " +
                      objectives_label(objectives) + " needs a positive area budget in mm²");
  } else if (budget_mm2) {
    throw SpecError("field 'budget_mm2': " + shortest_number(*budget_mm2) +
                    " — objective perf-per-area has no area budget (it trades area against latency)");
  }
  if (cost_model.empty()) throw SpecError("field 'cost_model': must not be empty");
  if (optimizer.empty()) throw SpecError("field 'optimizer': must not be empty");
  if (trials < 1 || trials > kMaxTrials)
    throw SpecError("field 'trials': " + std::to_string(trials) + " must be from 1 to " + std::to_string(kMaxTrials));
  if (jobs < 1 || jobs > kMaxJobs)
    throw SpecError("field 'jobs': " + std::to_string(jobs) + " must be from 1 to " + std::to_string(kMaxJobs));
  if (batch < 1 || batch > kMaxBatch)
    throw SpecError("field 'batch': " + std::to_string(batch) + " must be from 1 to " + std::to_string(kMaxBatch));
  if (evaluator) {
    if (evaluator->command.find_first_not_of(" \t\n") == std::string::npos)
      throw SpecError("field 'evaluator.command': must name a program");
    if (!(evaluator->timeout_s > 0) || !std::isfinite(evaluator->timeout_s))
      throw SpecError("field 'evaluator.timeout_s': " + compact_number(evaluator->timeout_s) +
                      " must be a positive number of seconds");
    if (evaluator->screen_within_pct &&
        (!(*evaluator->screen_within_pct >= 0) || !std::isfinite(*evaluator->screen_within_pct)))
      throw SpecError("field 'evaluator.screen.within_pct': " + compact_number(*evaluator->screen_within_pct) +
                      " must be a percentage >= 0");
    if (evaluator->retries < 0 || evaluator->retries > kMaxEvaluatorRetries)
      throw SpecError("field 'evaluator.retries': " + std::to_string(evaluator->retries) + " must be from 0 to " +
                      std::to_string(kMaxEvaluatorRetries));
  }
  std::set<std::string> prior_names;
  for (const auto& prior : priors) {
    check_name(prior, "priors");
    if (prior == name) throw SpecError("field 'priors': study '" + name + "' cannot be its own prior");
    if (!prior_names.insert(prior).second) throw SpecError("field 'priors': '" + prior + "' is listed twice");
  }
}

nlohmann::json StudySpec::identity_json() const {
  nlohmann::json identity = nlohmann::json::object();
  for (const auto& field : study_fields())
    if (field.to_identity) field.to_identity(*this, identity);
  return identity;
}

StudySpec StudySpec::from_identity(const nlohmann::json& identity, std::string name, int trials, int jobs) {
  try {
    StudySpec spec;
    spec.name = name;
    for (const auto& field : study_fields())
      if (field.from_identity) field.from_identity(identity, spec);
    spec.trials = trials;
    spec.jobs = jobs;
    return spec;
  } catch (const nlohmann::json::exception& e) {
    throw StoreError("the stored spec of study '" + name + "' is unreadable: " + e.what());
  }
}

std::vector<std::string> spec_differences(const StudySpec& stored, const StudySpec& requested) {
  const auto a = stored.identity_json();
  const auto b = requested.identity_json();
  std::vector<std::string> differences;
  auto text = [](const nlohmann::json& identity, const std::string& key) {
    return identity.contains(key) ? identity.at(key).dump() : std::string("(none)");
  };
  std::set<std::string> keys;
  for (const auto& [key, value] : a.items()) keys.insert(key);
  for (const auto& [key, value] : b.items()) keys.insert(key);
  for (const auto& key : keys)
    if (text(a, key) != text(b, key))
      differences.push_back(key + ": " + text(a, key) + " stored, " + text(b, key) + " requested");
  return differences;
}

std::string default_study_name(const StudySpec& spec) {
  std::string name;
  for (const auto& w : spec.workloads) {
    std::string base = std::filesystem::path(w.name).stem().string();
    for (char& c : base)
      if (!valid_name_char(c)) c = '_';
    name += (name.empty() ? "" : "+") + base;
  }
  std::string objectives = objectives_label(spec.objectives);
  for (char& c : objectives) c = c == ',' ? '+' : c == ':' ? '=' : c;
  name += "-" + objectives;
  if (spec.budget_mm2) name += "-" + shortest_number(*spec.budget_mm2) + "mm2";
  name += "-" + spec.optimizer + "-seed" + std::to_string(spec.seed);
  if (name.size() > 128) name.resize(128);
  return name;
}

StudySpecInput parse_spec_yaml(const std::string& text, const std::string& source) {
  const YAML::Node root = yaml::parse_yaml(text, source, &raise_spec_error);
  // Empty is not "all defaults": an empty file is more likely a mistake.
  if (root.IsNull()) throw SpecError(source + ": the spec is empty (expected a map of spec fields: name, workload, objective, ...)");
  if (!root.IsMap()) throw SpecError(source + ": expected a map of spec fields (name, workload, objective, ...)");
  constexpr auto every_field = [](const StudyField& field) { return !field.yaml_keys.empty(); };
  StudySpecInput input;
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>();
    if (!read_yaml_entry(key, kv.first, kv.second, source, every_field, input))
      yaml::YamlField(kv.first, source, key, &raise_spec_error)
          .fail("unknown field (expected " + yaml_keys_text(every_field) + ")");
  }
  return input;
}

StudySpecInput read_spec_file(const std::filesystem::path& file) {
  return parse_spec_yaml(yaml::read_user_file(file, "spec file", &raise_spec_error), file.string());
}

void overlay(StudySpecInput& base, const StudySpecInput& top) {
  for (const auto& field : study_fields()) field.overlay(base, top);
}

// The largest of the template's own area budgets (apollo_edge: Apollo's
// 6.8 mm^2), or none when it declares none.
std::optional<double> default_budget(const std::string& template_file) {
  const arch::Template tmpl =
      template_file.empty() ? arch::Template::load_default() : arch::Template::load_named(template_file);
  const auto& budgets = tmpl.area_budgets_mm2();
  if (budgets.empty()) return std::nullopt;
  return *std::max_element(budgets.begin(), budgets.end());
}

StudySpec resolve_spec(const StudySpecInput& input, const StudySpec* stored, const std::string& default_optimizer) {
  StudySpec defaults;
  defaults.optimizer = default_optimizer;
  const StudySpec& base = stored ? *stored : defaults;
  StudySpec spec = base;
  for (const auto& field : study_fields())
    if (field.resolve) field.resolve(input, stored != nullptr, spec);
  spec.name = input.name ? *input.name : (stored ? stored->name : default_study_name(spec));
  spec.validate();
  return spec;
}

}  // namespace archex::explore
