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
#include "workloads/utf8.h"
#include "workloads/yaml_fields.h"

namespace archex::explore {
namespace {

constexpr int kMaxTrials = 10'000'000;
constexpr int kMaxJobs = 256;
constexpr int kMaxBatch = 1024;
constexpr int kMaxEvaluatorRetries = 10;

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

// --- YAML reading ----------------------------------------------------------

class YamlReader {
 public:
  explicit YamlReader(std::string source) : source_(std::move(source)) {}

  // "FILE:LINE: field 'x'"
  std::string at(const YAML::Node& node, const std::string& field) const {
    std::string where = source_;
    if (node.Mark().line >= 0) where.append(":").append(std::to_string(node.Mark().line + 1));
    return where.append(": field '").append(field).append("'");  // append: no GCC 12 -Wrestrict false positive
  }

  [[noreturn]] void fail(const YAML::Node& node, const std::string& field, const std::string& what) const {
    throw SpecError(at(node, field) + ": " + what);
  }

  std::string scalar(const YAML::Node& node, const std::string& field) const {
    if (!node.IsScalar()) fail(node, field, "expected a single value");
    return node.Scalar();
  }

  std::string text(const YAML::Node& node, const std::string& field) const {
    std::string value = scalar(node, field);
    if (value.empty()) fail(node, field, "expected a non-empty text");
    return value;
  }

  double number(const YAML::Node& node, const std::string& field) const {
    const std::string value = scalar(node, field);
    try {
      std::size_t used = 0;
      double number = std::stod(value, &used);
      if (used == value.size() && std::isfinite(number)) return number;
    } catch (const std::exception&) {
    }
    fail(node, field, "expected a number, got '" + value + "'");
  }

  std::int64_t integer(const YAML::Node& node, const std::string& field, std::int64_t lo, std::int64_t hi) const {
    const std::string value = scalar(node, field);
    try {
      std::size_t used = 0;
      long long number = std::stoll(value, &used);
      if (used == value.size() && number >= lo && number <= hi) return number;
    } catch (const std::exception&) {
    }
    fail(node, field, "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) +
                          ", got '" + value + "'");
  }

  std::uint64_t seed(const YAML::Node& node, const std::string& field) const {
    const std::string value = scalar(node, field);
    try {
      std::size_t used = 0;
      if (!value.empty() && value[0] != '-') {
        unsigned long long number = std::stoull(value, &used);
        if (used == value.size()) return number;
      }
    } catch (const std::exception&) {
    }
    fail(node, field, "expected a non-negative integer below 2^64, got '" + value + "'");
  }

  std::vector<std::string> text_list(const YAML::Node& node, const std::string& field) const {
    if (node.IsScalar()) return {text(node, field)};
    if (!node.IsSequence()) fail(node, field, "expected a name or a list of names");
    std::vector<std::string> names;
    for (const auto& item : node) names.push_back(text(item, field));
    return names;
  }

  std::vector<WorkloadEntry> workloads(const YAML::Node& node, const std::string& field) const {
    if (node.IsScalar()) return parse_workload_list(text(node, field), source_ + ": field '" + field + "'");
    if (!node.IsSequence() || node.size() == 0)
      fail(node, field, "expected a workload name or a non-empty list of workloads");
    std::vector<WorkloadEntry> entries;
    for (const auto& item : node) {
      if (item.IsScalar()) {
        entries.push_back({text(item, field), 1.0});
      } else if (item.IsMap()) {
        WorkloadEntry entry;
        for (const auto& kv : item) {
          const std::string key = kv.first.as<std::string>();
          if (key == "name")
            entry.name = text(kv.second, field + ".name");
          else if (key == "weight")
            entry.weight = number(kv.second, field + ".weight");
          else
            fail(kv.first, field, "unknown key '" + key + "' (expected name, weight)");
        }
        if (entry.name.empty()) fail(item, field, "a workload entry needs a 'name'");
        entries.push_back(entry);
      } else {
        fail(item, field, "expected a workload name or {name, weight}");
      }
    }
    return entries;
  }

  // `screen: {within_pct: X}`: the multi-fidelity rule.
  double screen(const YAML::Node& node, const std::string& field) const {
    if (!node.IsMap() || node.size() != 1 || !node["within_pct"])
      fail(node, field, "expected {within_pct: PERCENT}");
    return number(node["within_pct"], field + ".within_pct");
  }

  // `evaluator: COMMAND` or `evaluator: {command: ..., timeout_s: ..., retries: ..., screen: ...}`.
  void evaluator(const YAML::Node& node, const std::string& field, StudySpecInput& input) const {
    if (node.IsScalar()) {
      input.evaluator_command = text(node, field);
      return;
    }
    if (!node.IsMap()) fail(node, field, "expected a command or {command, timeout_s, retries}");
    for (const auto& kv : node) {
      const std::string key = kv.first.as<std::string>();
      if (key == "command")
        input.evaluator_command = text(kv.second, field + ".command");
      else if (key == "timeout_s")
        input.evaluator_timeout_s = number(kv.second, field + ".timeout_s");
      else if (key == "retries")
        input.evaluator_retries = static_cast<int>(integer(kv.second, field + ".retries", 0, kMaxEvaluatorRetries));
      else if (key == "screen")
        input.evaluator_screen_within_pct = screen(kv.second, field + ".screen");
      else
        fail(kv.first, field, "unknown key '" + key + "' (expected command, timeout_s, retries, screen)");
    }
    if (!input.evaluator_command) fail(node, field, "needs a 'command'");
  }

  opt::Settings settings(const YAML::Node& node, const std::string& field) const {
    if (!node.IsMap()) fail(node, field, "expected a map of setting: value");
    opt::Settings settings;
    for (const auto& kv : node) settings[kv.first.as<std::string>()] = scalar(kv.second, field + "." + kv.first.as<std::string>());
    return settings;
  }

 private:
  std::string source_;
};

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
  nlohmann::json workload_list = nlohmann::json::array();
  for (const auto& w : workloads) workload_list.push_back({{"name", w.name}, {"weight", w.weight}});
  nlohmann::json settings = nlohmann::json::object();
  for (const auto& [key, value] : optimizer_settings) settings[key] = value;
  nlohmann::json identity = {
      {"workloads", workload_list},
      {"template", template_file.empty() ? "default" : template_file},
      {"cost_model", cost_model},
      {"budget_mm2", budget_mm2 ? nlohmann::json(*budget_mm2) : nlohmann::json(nullptr)},
      {"optimizer", optimizer},
      {"settings", settings},
      {"seed", seed},
      {"priors", priors},
  };
  // Only when not the default, so studies made before batches, several
  // objectives and constraints existed keep their identity.
  if (batch != 1) identity["batch"] = batch;
  if (prior_recipe != PriorRecipe::kDefault) identity["prior_recipe"] = prior_recipe;
  if (evaluator) {
    // A plain command keeps the identity of studies made before screening existed.
    if (evaluator->screen_within_pct)
      identity["evaluator"] = {{"command", evaluator->command}, {"screen_within_pct", *evaluator->screen_within_pct}};
    else
      identity["evaluator"] = evaluator->command;
  }
  if (objectives.size() == 1 && objectives.front() == natural_objective(objectives.front().kind)) {
    identity["objective"] = std::string(to_string(objectives.front().kind));
  } else {
    nlohmann::json labels = nlohmann::json::array();
    for (const auto& o : objectives) labels.push_back(o.label());
    identity["objectives"] = labels;
  }
  if (!constraints.empty()) {
    nlohmann::json texts = nlohmann::json::array();
    for (const auto& c : constraints) texts.push_back(c.text());
    identity["constraints"] = texts;
  }
  return identity;
}

StudySpec StudySpec::from_identity(const nlohmann::json& identity, std::string name, int trials, int jobs) {
  try {
    StudySpec spec;
    spec.name = name;
    spec.workloads.clear();
    for (const auto& w : identity.at("workloads"))
      spec.workloads.push_back({w.at("name").get<std::string>(), w.at("weight").get<double>()});
    const auto tmpl = identity.at("template").get<std::string>();
    spec.template_file = tmpl == "default" ? "" : tmpl;
    spec.cost_model = identity.at("cost_model").get<std::string>();
    if (identity.contains("objectives")) {
      spec.objectives.clear();
      for (const auto& label : identity.at("objectives"))
        spec.objectives.push_back(parse_objective_list(label.get<std::string>(), "stored spec").front());
    } else {
      spec.objectives = {natural_objective(objective_from_string(identity.at("objective").get<std::string>(), "stored spec"))};
    }
    if (identity.contains("constraints"))
      for (const auto& text : identity.at("constraints"))
        spec.constraints.push_back(parse_constraint(text.get<std::string>(), "stored spec"));
    const auto& budget = identity.at("budget_mm2");
    spec.budget_mm2 = budget.is_null() ? std::nullopt : std::optional<double>(budget.get<double>());
    spec.optimizer = identity.at("optimizer").get<std::string>();
    for (const auto& [key, value] : identity.at("settings").items()) spec.optimizer_settings[key] = value.get<std::string>();
    spec.seed = identity.at("seed").get<std::uint64_t>();
    spec.priors = identity.at("priors").get<std::vector<std::string>>();
    spec.batch = identity.value("batch", 1);
    spec.prior_recipe = identity.value("prior_recipe", std::string(PriorRecipe::kDefault));
    if (identity.contains("evaluator")) {
      const auto& e = identity.at("evaluator");
      if (e.is_string()) {
        spec.evaluator = EvaluatorSpec{e.get<std::string>()};
      } else {
        spec.evaluator = EvaluatorSpec{e.at("command").get<std::string>()};
        if (e.contains("screen_within_pct")) spec.evaluator->screen_within_pct = e.at("screen_within_pct").get<double>();
      }
    }
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
  yaml::require_utf8(text, source, &raise_spec_error);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw SpecError(source + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
  }
  // Empty is not "all defaults": an empty file is more likely a mistake.
  if (root.IsNull()) throw SpecError(source + ": the spec is empty (expected a map of spec fields: name, workload, objective, ...)");
  if (!root.IsMap()) throw SpecError(source + ": expected a map of spec fields (name, workload, objective, ...)");
  YamlReader read(source);
  StudySpecInput input;
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>();
    const YAML::Node& value = kv.second;
    if (key == "name") input.name = read.text(value, key);
    else if (key == "workload" || key == "workloads") {
      if (input.workloads) read.fail(kv.first, key, "give either 'workload' or 'workloads', once");
      input.workloads = read.workloads(value, key);
    } else if (key == "template") input.template_file = read.text(value, key);
    else if (key == "cost_model") input.cost_model = read.text(value, key);
    else if (key == "objective" || key == "objectives") {
      if (input.objectives) read.fail(kv.first, key, "give either 'objective' or 'objectives', once");
      std::string list;
      for (const auto& item : read.text_list(value, key)) list.append(list.empty() ? "" : ",").append(item);
      input.objectives = parse_objective_list(list, read.at(value, key));
    } else if (key == "constraints") {
      std::vector<ConstraintSpec> constraints;
      for (const auto& item : read.text_list(value, key))
        constraints.push_back(parse_constraint(item, read.at(value, key)));
      input.constraints = constraints;
    } else if (key == "budget_mm2") input.budget_mm2 = read.number(value, key);
    else if (key == "optimizer") input.optimizer = read.text(value, key);
    else if (key == "settings") input.optimizer_settings = read.settings(value, key);
    else if (key == "seed") input.seed = read.seed(value, key);
    else if (key == "trials") input.trials = static_cast<int>(read.integer(value, key, 1, kMaxTrials));
    else if (key == "jobs") input.jobs = static_cast<int>(read.integer(value, key, 1, kMaxJobs));
    else if (key == "batch") input.batch = static_cast<int>(read.integer(value, key, 1, kMaxBatch));
    else if (key == "priors") input.priors = read.text_list(value, key);
    else if (key == "prior_recipe") input.prior_recipe = read.text(value, key);
    else if (key == "evaluator") read.evaluator(value, key, input);
    else
      read.fail(kv.first, key,
                "unknown field (expected name, workload, workloads, template, cost_model, objective, "
                "objectives, constraints, budget_mm2, optimizer, settings, seed, trials, jobs, batch, priors, "
                "prior_recipe, evaluator)");
  }
  return input;
}

void read_evaluator_field(const YAML::Node& node, const std::string& source, StudySpecInput& input) {
  YamlReader(source).evaluator(node, "evaluator", input);
}

StudySpecInput read_spec_file(const std::filesystem::path& file) {
  return parse_spec_yaml(yaml::read_user_file(file, "spec file", &raise_spec_error), file.string());
}

void overlay(StudySpecInput& base, const StudySpecInput& top) {
  auto take = [](auto& to, const auto& from) {
    if (from) to = from;
  };
  take(base.name, top.name);
  take(base.workloads, top.workloads);
  take(base.template_file, top.template_file);
  take(base.cost_model, top.cost_model);
  take(base.objectives, top.objectives);
  take(base.constraints, top.constraints);
  take(base.budget_mm2, top.budget_mm2);
  take(base.optimizer, top.optimizer);
  take(base.optimizer_settings, top.optimizer_settings);
  take(base.seed, top.seed);
  take(base.trials, top.trials);
  take(base.jobs, top.jobs);
  take(base.batch, top.batch);
  take(base.priors, top.priors);
  take(base.prior_recipe, top.prior_recipe);
  take(base.evaluator_command, top.evaluator_command);
  take(base.evaluator_timeout_s, top.evaluator_timeout_s);
  take(base.evaluator_retries, top.evaluator_retries);
  take(base.evaluator_screen_within_pct, top.evaluator_screen_within_pct);
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
  auto take = [](auto& to, const auto& from) {
    if (from) to = *from;
  };
  take(spec.workloads, input.workloads);
  take(spec.template_file, input.template_file);
  take(spec.cost_model, input.cost_model);
  take(spec.objectives, input.objectives);
  take(spec.constraints, input.constraints);
  take(spec.optimizer, input.optimizer);
  take(spec.optimizer_settings, input.optimizer_settings);
  take(spec.seed, input.seed);
  take(spec.trials, input.trials);
  take(spec.jobs, input.jobs);
  take(spec.batch, input.batch);
  take(spec.priors, input.priors);
  take(spec.prior_recipe, input.prior_recipe);
  if (input.evaluator_command) {
    spec.evaluator = EvaluatorSpec{*input.evaluator_command};
    spec.evaluator->screen_within_pct = input.evaluator_screen_within_pct;
  } else if (input.evaluator_screen_within_pct && !spec.evaluator) {
    throw SpecError("field 'evaluator.screen': a screening rule is given but no evaluator command");
  }
  if (spec.evaluator) {
    take(spec.evaluator->timeout_s, input.evaluator_timeout_s);
    take(spec.evaluator->retries, input.evaluator_retries);
  } else if (input.evaluator_timeout_s || input.evaluator_retries) {
    throw SpecError("field 'evaluator': a timeout or retry count is given but no evaluator command");
  }
  // The budget follows the objective unless given: a budgeted objective keeps
  // the base budget (or the default), perf-per-area has none.
  if (input.budget_mm2)
    spec.budget_mm2 = input.budget_mm2;
  else if (!uses_budget(spec.objectives))
    spec.budget_mm2.reset();
  else if (!stored)
    spec.budget_mm2 = default_budget(spec.template_file);
  spec.name = input.name ? *input.name : (stored ? stored->name : default_study_name(spec));
  spec.validate();
  return spec;
}

}  // namespace archex::explore
