#include "explorer/study_fields.h"

#include <set>

#include <yaml-cpp/yaml.h>

#include "explorer/closest_name.h"
#include "explorer/errors.h"
#include "explorer/prior_recipe.h"
#include "workloads/yaml_fields.h"

namespace archex::explore {
namespace {

using Json = nlohmann::json;
using yaml::YamlField;

// --- The generic parts of a row, from the member pointers ------------------

template <auto InputMember>
bool given_member(const StudySpecInput& input) {
  return (input.*InputMember).has_value();
}

template <auto InputMember>
void overlay_member(StudySpecInput& base, const StudySpecInput& top) {
  if (top.*InputMember) base.*InputMember = top.*InputMember;
}

template <auto SpecMember, auto InputMember>
void resolve_member(const StudySpecInput& input, bool, StudySpec& spec) {
  if (input.*InputMember) spec.*SpecMember = *(input.*InputMember);
}

// A text flag (an empty value is not given) straight into the input.
template <auto InputMember>
void set_text(const FlagValue& value, StudySpecInput& input) {
  if (const auto& text = std::get<std::string>(value); !text.empty()) input.*InputMember = text;
}

template <auto InputMember>
void set_count(const FlagValue& value, StudySpecInput& input) {
  input.*InputMember = static_cast<int>(std::get<std::int64_t>(value));
}

template <auto InputMember>
void read_text(const YamlField& value, StudySpecInput& input) {
  input.*InputMember = value.text();
}

template <auto InputMember, int Max>
void read_count(const YamlField& value, StudySpecInput& input) {
  input.*InputMember = static_cast<int>(value.integer_in(1, Max));
}

// --- Readers of the fields with a shape of their own -----------------------

std::vector<WorkloadEntry> read_workloads(const YamlField& field) {
  const YAML::Node& node = field.node();
  if (node.IsScalar()) return parse_workload_list(field.text(), field.where());
  if (!node.IsSequence() || node.size() == 0) field.fail("expected a workload name or a non-empty list of workloads");
  std::vector<WorkloadEntry> entries;
  for (const auto& item : node) {
    if (item.IsScalar()) {
      entries.push_back({field.at(item).text(), 1.0});
    } else if (item.IsSequence() && item.size() == 2) {  // [name, weight]: a Python (name, weight) pair
      entries.push_back({field.at(item[0]).text(), field.at(item[1]).number()});
    } else if (item.IsMap()) {
      WorkloadEntry entry;
      for (const auto& kv : item) {
        const std::string key = kv.first.as<std::string>();
        if (key == "name")
          entry.name = field.child(kv.second, "name").text();
        else if (key == "weight")
          entry.weight = field.child(kv.second, "weight").number();
        else
          field.at(kv.first).fail("unknown key '" + key + "' (expected name, weight)");
      }
      if (entry.name.empty()) field.at(item).fail("a workload entry needs a 'name'");
      entries.push_back(entry);
    } else {
      field.at(item).fail("expected a workload name, {name, weight} or [name, weight]");
    }
  }
  return entries;
}

opt::Settings read_settings(const YamlField& field) {
  if (!field.node().IsMap()) field.fail("expected a map of setting: value");
  opt::Settings settings;
  for (const auto& kv : field.node()) {
    const std::string key = kv.first.as<std::string>();
    settings[key] = field.child(kv.second, key).scalar();
  }
  return settings;
}

// `evaluator: COMMAND` or `evaluator: {command, timeout_s, retries, screen: {within_pct}}`.
void read_evaluator(const YamlField& field, StudySpecInput& input) {
  const YAML::Node& node = field.node();
  if (node.IsScalar()) {
    input.evaluator_command = field.text();
    return;
  }
  if (!node.IsMap()) field.fail("expected a command or {command, timeout_s, retries}");
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    const YamlField value = field.child(kv.second, key);
    if (key == "command") {
      input.evaluator_command = value.text();
    } else if (key == "timeout_s") {
      input.evaluator_timeout_s = value.number();
    } else if (key == "retries") {
      input.evaluator_retries = static_cast<int>(value.integer_in(0, kMaxEvaluatorRetries));
    } else if (key == "screen") {
      const YAML::Node& screen = value.node();
      if (!screen.IsMap() || screen.size() != 1 || !screen["within_pct"]) value.fail("expected {within_pct: PERCENT}");
      input.evaluator_screen_within_pct = value.child(screen["within_pct"], "within_pct").number();
    } else {
      field.at(kv.first).fail("unknown key '" + key + "' (expected command, timeout_s, retries, screen)");
    }
  }
  if (!input.evaluator_command) field.fail("needs a 'command'");
}

void resolve_evaluator(const StudySpecInput& input, bool, StudySpec& spec) {
  if (input.evaluator_command) {
    spec.evaluator = EvaluatorSpec{*input.evaluator_command};
    spec.evaluator->screen_within_pct = input.evaluator_screen_within_pct;
  } else if (input.evaluator_screen_within_pct && !spec.evaluator) {
    throw SpecError("field 'evaluator.screen': a screening rule is given but no evaluator command");
  }
  if (spec.evaluator) {
    if (input.evaluator_timeout_s) spec.evaluator->timeout_s = *input.evaluator_timeout_s;
    if (input.evaluator_retries) spec.evaluator->retries = *input.evaluator_retries;
  } else if (input.evaluator_timeout_s || input.evaluator_retries) {
    throw SpecError("field 'evaluator': a timeout or retry count is given but no evaluator command");
  }
}

// The budget follows the objective unless given: a budgeted objective keeps
// the base budget (or the template's default), perf-per-area has none. Its row
// comes after the template's and the objectives'.
void resolve_budget(const StudySpecInput& input, bool continuing, StudySpec& spec) {
  if (input.budget_mm2)
    spec.budget_mm2 = input.budget_mm2;
  else if (!uses_budget(spec.objectives))
    spec.budget_mm2.reset();
  else if (!continuing)
    spec.budget_mm2 = default_budget(spec.template_file);
}

// --- The table -------------------------------------------------------------

std::vector<StudyField> make_fields() {
  std::vector<StudyField> fields;

  fields.push_back({
      .yaml_keys = {"name"},
      .python_keyword = "name",
      .read_yaml = read_text<&StudySpecInput::name>,
      .given = given_member<&StudySpecInput::name>,
      .overlay = overlay_member<&StudySpecInput::name>,
      .flags = {{"--study,-s", "Study name (default: derived from the spec)", FlagKind::kText, 0, 0,
                 set_text<&StudySpecInput::name>}},
  });

  fields.push_back({
      .yaml_keys = {"workload", "workloads"},
      .python_keyword = "workload",
      .read_yaml = [](const YamlField& v, StudySpecInput& in) { in.workloads = read_workloads(v); },
      .given = given_member<&StudySpecInput::workloads>,
      .overlay = overlay_member<&StudySpecInput::workloads>,
      .resolve = resolve_member<&StudySpec::workloads, &StudySpecInput::workloads>,
      .to_identity =
          [](const StudySpec& s, Json& id) {
            Json list = Json::array();
            for (const auto& w : s.workloads) list.push_back({{"name", w.name}, {"weight", w.weight}});
            id["workloads"] = list;
          },
      .from_identity =
          [](const Json& id, StudySpec& s) {
            s.workloads.clear();
            for (const auto& w : id.at("workloads"))
              s.workloads.push_back({w.at("name").get<std::string>(), w.at("weight").get<double>()});
          },
      .flags = {{"--workload,-w", "Workload, or comma-separated set (name[:weight],...)", FlagKind::kText, 0, 0,
                 [](const FlagValue& v, StudySpecInput& in) {
                   if (const auto& text = std::get<std::string>(v); !text.empty())
                     in.workloads = parse_workload_list(text, "--workload");
                 }}},
  });

  fields.push_back({
      .yaml_keys = {"template"},
      .in_experiments = true,
      .python_keyword = "template",
      .read_yaml = read_text<&StudySpecInput::template_file>,
      .given = given_member<&StudySpecInput::template_file>,
      .overlay = overlay_member<&StudySpecInput::template_file>,
      .resolve = resolve_member<&StudySpec::template_file, &StudySpecInput::template_file>,
      .to_identity = [](const StudySpec& s, Json& id) { id["template"] = s.template_file.empty() ? "default" : s.template_file; },
      .from_identity =
          [](const Json& id, StudySpec& s) {
            const auto name = id.at("template").get<std::string>();
            s.template_file = name == "default" ? "" : name;
          },
      .flags = {{"--template",
                 "Template name (archex templates list) or file (default: $ARCHEX_TEMPLATE, else apollo_edge)",
                 FlagKind::kText, 0, 0, set_text<&StudySpecInput::template_file>}},
  });

  fields.push_back({
      .yaml_keys = {"cost_model"},
      .in_experiments = true,
      .python_keyword = "cost_model",
      .read_yaml = read_text<&StudySpecInput::cost_model>,
      .given = given_member<&StudySpecInput::cost_model>,
      .overlay = overlay_member<&StudySpecInput::cost_model>,
      .resolve = resolve_member<&StudySpec::cost_model, &StudySpecInput::cost_model>,
      .to_identity = [](const StudySpec& s, Json& id) { id["cost_model"] = s.cost_model; },
      .from_identity = [](const Json& id, StudySpec& s) { s.cost_model = id.at("cost_model").get<std::string>(); },
      .flags = {},  // only in spec files
  });

  fields.push_back({
      .yaml_keys = {"objective", "objectives"},
      .in_experiments = true,
      .python_keyword = "objective",
      .read_yaml =
          [](const YamlField& v, StudySpecInput& in) {
            std::string list;
            for (const auto& item : v.texts()) list.append(list.empty() ? "" : ",").append(item);
            in.objectives = parse_objective_list(list, v.where());
          },
      .given = given_member<&StudySpecInput::objectives>,
      .overlay = overlay_member<&StudySpecInput::objectives>,
      .resolve = resolve_member<&StudySpec::objectives, &StudySpecInput::objectives>,
      // One objective in its natural direction keeps the key of studies made
      // before several objectives existed.
      .to_identity =
          [](const StudySpec& s, Json& id) {
            if (s.objectives.size() == 1 && s.objectives.front() == natural_objective(s.objectives.front().kind)) {
              id["objective"] = std::string(to_string(s.objectives.front().kind));
              return;
            }
            Json labels = Json::array();
            for (const auto& o : s.objectives) labels.push_back(o.label());
            id["objectives"] = labels;
          },
      .from_identity =
          [](const Json& id, StudySpec& s) {
            if (id.contains("objectives")) {
              s.objectives.clear();
              for (const auto& label : id.at("objectives"))
                s.objectives.push_back(parse_objective_list(label.get<std::string>(), "stored spec").front());
            } else {
              s.objectives = {natural_objective(objective_from_string(id.at("objective").get<std::string>(), "stored spec"))};
            }
          },
      .flags = {{"--objective",
                 "latency | energy | area | power | edp | perf-per-area | geomean-speedup; a comma list "
                 "(latency,energy,area) searches the Pareto front; min:NAME / max:NAME set the direction",
                 FlagKind::kText, 0, 0,
                 [](const FlagValue& v, StudySpecInput& in) {
                   if (const auto& text = std::get<std::string>(v); !text.empty())
                     in.objectives = parse_objective_list(text, "--objective");
                 }}},
  });

  fields.push_back({
      .yaml_keys = {"constraints"},
      .in_experiments = true,
      .python_keyword = "constraints",
      .read_yaml =
          [](const YamlField& v, StudySpecInput& in) {
            std::vector<ConstraintSpec> constraints;
            for (const auto& item : v.texts()) constraints.push_back(parse_constraint(item, v.where()));
            in.constraints = constraints;
          },
      .given = given_member<&StudySpecInput::constraints>,
      .overlay = overlay_member<&StudySpecInput::constraints>,
      .resolve = resolve_member<&StudySpec::constraints, &StudySpecInput::constraints>,
      .to_identity =
          [](const StudySpec& s, Json& id) {
            if (s.constraints.empty()) return;  // as before constraints existed
            Json texts = Json::array();
            for (const auto& c : s.constraints) texts.push_back(c.text());
            id["constraints"] = texts;
          },
      .from_identity =
          [](const Json& id, StudySpec& s) {
            if (id.contains("constraints"))
              for (const auto& text : id.at("constraints"))
                s.constraints.push_back(parse_constraint(text.get<std::string>(), "stored spec"));
          },
      .flags = {{"--constraint",
                 "Constraint METRIC<=BOUND or METRIC>=BOUND, the metric with its unit (power_mw<=2000; repeatable)",
                 FlagKind::kTexts, 0, 0,
                 [](const FlagValue& v, StudySpecInput& in) {
                   const auto& texts = std::get<std::vector<std::string>>(v);
                   if (texts.empty()) return;
                   std::vector<ConstraintSpec> constraints;
                   for (const auto& c : texts) constraints.push_back(parse_constraint(c, "--constraint"));
                   in.constraints = constraints;
                 }}},
  });

  fields.push_back({
      .yaml_keys = {"budget_mm2"},
      .python_keyword = "budget",
      .read_yaml = [](const YamlField& v, StudySpecInput& in) { in.budget_mm2 = v.number(); },
      .given = given_member<&StudySpecInput::budget_mm2>,
      .overlay = overlay_member<&StudySpecInput::budget_mm2>,
      .resolve = resolve_budget,
      .to_identity = [](const StudySpec& s, Json& id) { id["budget_mm2"] = s.budget_mm2 ? Json(*s.budget_mm2) : Json(nullptr); },
      .from_identity =
          [](const Json& id, StudySpec& s) {
            const auto& budget = id.at("budget_mm2");
            s.budget_mm2 = budget.is_null() ? std::nullopt : std::optional<double>(budget.get<double>());
          },
      .flags = {{"--budget,-b", "Area budget in mm2 (default: the template's largest; apollo_edge 6.8)",
                 FlagKind::kNumber, 0, 0,
                 [](const FlagValue& v, StudySpecInput& in) { in.budget_mm2 = std::get<double>(v); }}},
  });

  fields.push_back({
      .yaml_keys = {"optimizer"},
      .python_keyword = "optimizer",
      .read_yaml = read_text<&StudySpecInput::optimizer>,
      .given = given_member<&StudySpecInput::optimizer>,
      .overlay = overlay_member<&StudySpecInput::optimizer>,
      .resolve = resolve_member<&StudySpec::optimizer, &StudySpecInput::optimizer>,
      .to_identity = [](const StudySpec& s, Json& id) { id["optimizer"] = s.optimizer; },
      .from_identity = [](const Json& id, StudySpec& s) { s.optimizer = id.at("optimizer").get<std::string>(); },
      .flags = {{"--optimizer", "Optimizer (see `archex optimizers`)", FlagKind::kText, 0, 0,
                 set_text<&StudySpecInput::optimizer>}},
  });

  fields.push_back({
      .yaml_keys = {"settings"},
      .python_keyword = "settings",
      .read_yaml = [](const YamlField& v, StudySpecInput& in) { in.optimizer_settings = read_settings(v); },
      .given = given_member<&StudySpecInput::optimizer_settings>,
      .overlay = overlay_member<&StudySpecInput::optimizer_settings>,
      .resolve = resolve_member<&StudySpec::optimizer_settings, &StudySpecInput::optimizer_settings>,
      .to_identity =
          [](const StudySpec& s, Json& id) {
            Json settings = Json::object();
            for (const auto& [key, value] : s.optimizer_settings) settings[key] = value;
            id["settings"] = settings;
          },
      .from_identity =
          [](const Json& id, StudySpec& s) {
            for (const auto& [key, value] : id.at("settings").items()) s.optimizer_settings[key] = value.get<std::string>();
          },
      .flags = {{"--setting", "Optimizer setting KEY=VALUE (repeatable)", FlagKind::kTexts, 0, 0,
                 [](const FlagValue& v, StudySpecInput& in) {
                   const auto& texts = std::get<std::vector<std::string>>(v);
                   if (texts.empty()) return;
                   opt::Settings settings;
                   for (const auto& s : texts) {
                     const auto eq = s.find('=');
                     if (eq == std::string::npos || eq == 0)
                       throw SpecError("--setting '" + s + "': expected KEY=VALUE (e.g. --setting population=64)");
                     settings[s.substr(0, eq)] = s.substr(eq + 1);
                   }
                   in.optimizer_settings = settings;
                 }}},
  });

  fields.push_back({
      .yaml_keys = {"seed"},
      .python_keyword = "seed",
      .read_yaml = [](const YamlField& v, StudySpecInput& in) { in.seed = v.unsigned_integer(); },
      .given = given_member<&StudySpecInput::seed>,
      .overlay = overlay_member<&StudySpecInput::seed>,
      .resolve = resolve_member<&StudySpec::seed, &StudySpecInput::seed>,
      .to_identity = [](const StudySpec& s, Json& id) { id["seed"] = s.seed; },
      .from_identity = [](const Json& id, StudySpec& s) { s.seed = id.at("seed").get<std::uint64_t>(); },
      .flags = {{"--seed", "Random seed", FlagKind::kSeed, 0, 0,
                 [](const FlagValue& v, StudySpecInput& in) { in.seed = std::get<std::uint64_t>(v); }}},
  });

  // Not in the identity: raising the trial budget continues the same study.
  fields.push_back({
      .yaml_keys = {"trials"},
      .in_experiments = true,
      .python_keyword = "trials",
      .read_yaml = read_count<&StudySpecInput::trials, kMaxTrials>,
      .given = given_member<&StudySpecInput::trials>,
      .overlay = overlay_member<&StudySpecInput::trials>,
      .resolve = resolve_member<&StudySpec::trials, &StudySpecInput::trials>,
      .flags = {{"--trials,-n", "Trials in the study", FlagKind::kCount, 1, kMaxTrials,
                 set_count<&StudySpecInput::trials>, "New trial target"}},
  });

  // Not in the identity: a run's thread count.
  fields.push_back({
      .yaml_keys = {"jobs"},
      .in_experiments = true,
      .python_keyword = "jobs",
      .read_yaml = read_count<&StudySpecInput::jobs, kMaxJobs>,
      .given = given_member<&StudySpecInput::jobs>,
      .overlay = overlay_member<&StudySpecInput::jobs>,
      .resolve = resolve_member<&StudySpec::jobs, &StudySpecInput::jobs>,
      .flags = {{"--jobs,-j", "Evaluation threads", FlagKind::kCount, 1, kMaxJobs, set_count<&StudySpecInput::jobs>,
                 "Evaluation threads"}},
  });

  fields.push_back({
      .yaml_keys = {"batch"},
      .in_experiments = true,
      .python_keyword = "batch",
      .read_yaml = read_count<&StudySpecInput::batch, kMaxBatch>,
      .given = given_member<&StudySpecInput::batch>,
      .overlay = overlay_member<&StudySpecInput::batch>,
      .resolve = resolve_member<&StudySpec::batch, &StudySpecInput::batch>,
      // Only when not 1, so studies made before batches keep their identity.
      .to_identity = [](const StudySpec& s, Json& id) { if (s.batch != 1) id["batch"] = s.batch; },
      .from_identity = [](const Json& id, StudySpec& s) { s.batch = id.value("batch", 1); },
      .flags = {{"--batch", "Points proposed per optimizer call (default 1)", FlagKind::kCount, 1, kMaxBatch,
                 set_count<&StudySpecInput::batch>}},
  });

  fields.push_back({
      .yaml_keys = {"priors"},
      .python_keyword = "priors",
      .read_yaml = [](const YamlField& v, StudySpecInput& in) { in.priors = v.texts(); },
      .given = given_member<&StudySpecInput::priors>,
      .overlay = overlay_member<&StudySpecInput::priors>,
      .resolve = resolve_member<&StudySpec::priors, &StudySpecInput::priors>,
      .to_identity = [](const StudySpec& s, Json& id) { id["priors"] = s.priors; },
      .from_identity = [](const Json& id, StudySpec& s) { s.priors = id.at("priors").get<std::vector<std::string>>(); },
      .flags = {{"--prior", "Study whose trials warm-start this one (repeatable)", FlagKind::kTexts, 0, 0,
                 [](const FlagValue& v, StudySpecInput& in) {
                   const auto& texts = std::get<std::vector<std::string>>(v);
                   if (texts.empty()) return;
                   std::vector<std::string> priors;
                   for (const auto& p : texts)
                     for (const auto& entry : parse_workload_list(p, "--prior")) priors.push_back(entry.name);
                   in.priors = priors;
                 }}},
  });

  fields.push_back({
      .yaml_keys = {"prior_recipe"},
      .python_keyword = "prior_recipe",
      .read_yaml = read_text<&StudySpecInput::prior_recipe>,
      .given = given_member<&StudySpecInput::prior_recipe>,
      .overlay = overlay_member<&StudySpecInput::prior_recipe>,
      .resolve = resolve_member<&StudySpec::prior_recipe, &StudySpecInput::prior_recipe>,
      // Only when not the default, so studies made before recipes keep their identity.
      .to_identity =
          [](const StudySpec& s, Json& id) {
            if (s.prior_recipe != PriorRecipe::kDefault) id["prior_recipe"] = s.prior_recipe;
          },
      .from_identity =
          [](const Json& id, StudySpec& s) {
            s.prior_recipe = id.value("prior_recipe", std::string(PriorRecipe::kDefault));
          },
      .flags = {{"--prior-recipe",
                 "Prior trials taken: all (default), apollo (feasible here, unique, the best 100) or apollo:N",
                 FlagKind::kText, 0, 0, set_text<&StudySpecInput::prior_recipe>}},
  });

  // The command (and the screening rule) are the identity; the timeout and
  // retries are settings of a run. A plain command keeps the identity of
  // studies made before screening existed.
  fields.push_back({
      .yaml_keys = {"evaluator"},
      .in_experiments = true,
      .read_yaml = read_evaluator,
      .given = [](const StudySpecInput& in) {
        return in.evaluator_command || in.evaluator_timeout_s || in.evaluator_retries || in.evaluator_screen_within_pct;
      },
      .overlay =
          [](StudySpecInput& base, const StudySpecInput& top) {
            overlay_member<&StudySpecInput::evaluator_command>(base, top);
            overlay_member<&StudySpecInput::evaluator_timeout_s>(base, top);
            overlay_member<&StudySpecInput::evaluator_retries>(base, top);
            overlay_member<&StudySpecInput::evaluator_screen_within_pct>(base, top);
          },
      .resolve = resolve_evaluator,
      .to_identity =
          [](const StudySpec& s, Json& id) {
            if (!s.evaluator) return;
            if (s.evaluator->screen_within_pct)
              id["evaluator"] = {{"command", s.evaluator->command}, {"screen_within_pct", *s.evaluator->screen_within_pct}};
            else
              id["evaluator"] = s.evaluator->command;
          },
      .from_identity =
          [](const Json& id, StudySpec& s) {
            if (!id.contains("evaluator")) return;
            const auto& e = id.at("evaluator");
            if (e.is_string()) {
              s.evaluator = EvaluatorSpec{e.get<std::string>()};
            } else {
              s.evaluator = EvaluatorSpec{e.at("command").get<std::string>()};
              if (e.contains("screen_within_pct")) s.evaluator->screen_within_pct = e.at("screen_within_pct").get<double>();
            }
          },
      .flags = {{"--evaluator",
                 "External evaluator command measuring each design (JSON lines, docs/evaluators.md; "
                 "run directly, not through a shell)",
                 FlagKind::kText, 0, 0, set_text<&StudySpecInput::evaluator_command>},
                {"--evaluator-timeout", "Seconds per evaluation (default 600)", FlagKind::kPositiveNumber, 0, 0,
                 [](const FlagValue& v, StudySpecInput& in) { in.evaluator_timeout_s = std::get<double>(v); },
                 "Seconds per evaluation of the study's external evaluator (default 600)"}},
  });

  return fields;
}

}  // namespace

const std::vector<StudyField>& study_fields() {
  static const std::vector<StudyField> fields = make_fields();
  return fields;
}

std::string yaml_keys_text(bool (*pick)(const StudyField&)) {
  std::string text;
  for (const auto& field : study_fields())
    if (pick(field))
      for (const char* key : field.yaml_keys) text.append(text.empty() ? "" : ", ").append(key);
  return text;
}

bool read_yaml_entry(const std::string& key, const YAML::Node& key_node, const YAML::Node& value,
                     const std::string& source, bool (*pick)(const StudyField&), StudySpecInput& input) {
  for (const auto& field : study_fields()) {
    if (!pick(field)) continue;
    for (const char* name : field.yaml_keys) {
      if (key != name) continue;
      if (field.yaml_keys.size() > 1 && field.given(input)) {
        std::string either;
        for (const char* alias : field.yaml_keys)
          either.append(either.empty() ? "'" : " or '").append(alias).append("'");
        YamlField(key_node, source, key, &raise_spec_error).fail("give either " + either + ", once");
      }
      field.read_yaml(YamlField(value, source, key, &raise_spec_error), input);
      return true;
    }
  }
  return false;
}

std::vector<std::string> python_keywords() {
  std::vector<std::string> keywords;
  for (const auto& field : study_fields())
    if (field.python_keyword) keywords.emplace_back(field.python_keyword);
  return keywords;
}

void read_python_keyword(const std::string& keyword, const YAML::Node& value, StudySpecInput& input) {
  constexpr const char* kSource = "archex.Study";
  for (const auto& field : study_fields())
    if (field.python_keyword && keyword == field.python_keyword)
      return field.read_yaml(YamlField(value, kSource, keyword, &raise_spec_error), input);
  const auto keywords = python_keywords();
  std::string message = std::string(kSource) + ": unknown keyword '" + keyword + "'";
  if (const auto close = closest_name(keyword, keywords)) {
    message.append("; did you mean '").append(*close).append("'?");
  } else {
    message.append(" (keywords: ");
    for (const auto& k : keywords) message.append(k == keywords.front() ? "" : ", ").append(k);
    message.append(")");
  }
  throw SpecError(message);
}

}  // namespace archex::explore
