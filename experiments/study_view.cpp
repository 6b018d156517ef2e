#include "experiments/study_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <tuple>

#include "accelerator-template/parameter_value.h"
#include "experiments/human_text.h"
#include "explorer/study_setup.h"
#include "optimizers/pareto.h"

namespace archex::exp {
namespace {

std::string number(double value, const char* format = "%.5g") {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

nlohmann::json parse_or_empty(const std::string& text) {
  if (text.empty()) return nlohmann::json::object();
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    return nlohmann::json::object();
  }
}

double metric(const nlohmann::json& metrics, const std::string& workload, const char* key) {
  if (!metrics.contains(workload) || !metrics.at(workload).contains(key)) return std::nan("");
  return metrics.at(workload).at(key).get<double>();
}

std::string percent(int part, int whole) { return whole > 0 ? number(100.0 * part / whole, "%.1f") + "%" : "-"; }

}  // namespace

StudyView load_study_view(explore::TrialStore& store, const std::string& name, bool with_trials) {
  StudyView view;
  const explore::StudyRecord record = store.get_study(name);
  view.summary = store.summarize(record.id);
  view.spec = explore::stored_spec(record);
  const nlohmann::json context = parse_or_empty(record.context_json);
  if (context.contains("space")) {
    for (const auto& p : context.at("space").at("parameters")) {
      view.parameters.push_back(p.at("name").get<std::string>());
      arch::TemplateParameter parameter;
      parameter.name = view.parameters.back();
      parameter.unit = p.value("unit", std::string());
      parameter.values = p.value("values", std::vector<std::int64_t>{});
      parameter.labels = p.value("labels", std::vector<std::string>{});
      view.space.push_back(std::move(parameter));
    }
    view.baseline_values = context.at("space").at("baseline").get<std::vector<std::int64_t>>();
  }
  view.baseline_metrics = context.value("baseline", nlohmann::json::object());
  if (context.contains("template")) {
    view.template_name = context.at("template").value("name", std::string());
    view.template_hash = context.at("template").value("content_hash", std::string());
  }
  std::vector<explore::TrialRecord> trials = store.trials(record.id);
  for (const auto& t : trials)
    if (t.state == explore::TrialState::kComplete && t.value &&
        (!view.best || explore::better(record.direction, *t.value, *view.best->value)))
      view.best = t;
  if (with_trials) view.trials = std::move(trials);
  return view;
}

void print_best_vs_baseline(std::ostream& out, const StudyView& view) {
  if (!view.best) {
    out << "no feasible design found yet\n";
    return;
  }
  const auto& best = *view.best;
  const nlohmann::json metrics = parse_or_empty(best.metrics_json);
  const std::string unit = explore::objective_unit(view.spec.primary().kind);
  out << "best: trial " << best.number << " (" << best.proposer << "), " << to_string(view.spec.primary().kind) << " "
      << number(*best.value) << " " << unit << "\n";
  out << "  workload                 latency ms   baseline ms   speed-up   area mm2   baseline mm2   energy uJ"
         "   baseline uJ\n";
  for (const auto& w : view.spec.workloads) {
    const double latency = metric(metrics, w.name, "latency_ms");
    const double base = metric(view.baseline_metrics, w.name, "latency_ms");
    const double area = metric(metrics, w.name, "area_mm2");
    const double base_area = metric(view.baseline_metrics, w.name, "area_mm2");
    out << "  " << std::left << std::setw(24) << fit_text(w.name, 23) << std::right << std::setw(11)
        << number(latency) << std::setw(14) << number(base) << std::setw(10)
        << (number(base / latency, "%.2f") + "x") << std::setw(11) << number(area) << std::setw(15)
        << number(base_area) << std::setw(12) << number(metric(metrics, w.name, "energy_uj")) << std::setw(14)
        << number(metric(view.baseline_metrics, w.name, "energy_uj")) << "\n";
  }
  if (view.spec.budget_mm2) out << "  area budget " << number(*view.spec.budget_mm2) << " mm2\n";
  const nlohmann::json params = parse_or_empty(best.params_json);
  bool any = false;
  for (std::size_t i = 0; i < view.parameters.size() && i < view.baseline_values.size(); ++i) {
    const auto& name = view.parameters[i];
    if (!params.contains(name) || params.at(name).get<std::int64_t>() == view.baseline_values[i]) continue;
    if (!any) out << "  config changes from the baseline:\n";
    any = true;
    // A choice parameter by its names, sizes in KiB / MiB.
    auto shown = [&](std::int64_t value) {
      return i < view.space.size() ? arch::format_parameter_value(view.space[i], value) : std::to_string(value);
    };
    out << "    " << std::left << std::setw(20) << name << std::right << std::setw(10) << shown(view.baseline_values[i])
        << " -> " << shown(params.at(name).get<std::int64_t>()) << "\n";
  }
  if (!any) out << "  config: the baseline itself\n";
}

void print_study(std::ostream& out, const StudyView& view) {
  const auto& s = view.summary;
  const auto& spec = view.spec;
  out << "study " << s.study.name << " (created " << s.study.created_at << ")\n";
  out << "  workloads   ";
  for (std::size_t i = 0; i < spec.workloads.size(); ++i)
    out << (i ? ", " : "") << spec.workloads[i].name
        << (spec.workloads[i].weight != 1.0 ? " (weight " + number(spec.workloads[i].weight) + ")" : "");
  out << "\n  " << (spec.multi_objective() ? "objectives  " : "objective   ");
  for (std::size_t i = 0; i < spec.objectives.size(); ++i)
    out << (i ? ", " : "") << to_string(spec.objectives[i].kind) << " (" << to_string(spec.objectives[i].direction)
        << ", " << explore::objective_unit(spec.objectives[i].kind) << ")";
  if (spec.budget_mm2) out << ", area budget " << number(*spec.budget_mm2) << " mm2";
  for (const auto& c : spec.constraints) out << ", " << c.text();
  out << "\n  optimizer   " << spec.optimizer;
  for (const auto& [key, value] : spec.optimizer_settings) out << " " << key << "=" << value;
  out << ", seed " << spec.seed << ", jobs " << s.study.jobs << "\n";
  out << "  template    " << (spec.template_file.empty() ? "default" : spec.template_file);
  if (!view.template_name.empty()) out << " (" << view.template_name << ", content " << view.template_hash << ")";
  out << ", cost model " << spec.cost_model << "\n";
  if (!spec.priors.empty()) {
    out << "  priors      " << s.prior_count << " trials from";
    for (const auto& p : spec.priors) out << " " << p;
    out << "\n";
  }
  const auto& c = s.counts;
  out << "  progress    " << c.finished() << "/" << s.study.target_trials << " trials finished (" << c.complete
      << " complete, " << c.infeasible << " infeasible, " << c.failed << " failed), " << c.running << " running\n";
  out << "  feasible    " << percent(c.complete, c.finished()) << " of finished trials\n";
  print_best_vs_baseline(out, view);
  if (!view.best) return;
  out << "  config:";
  const nlohmann::json params = parse_or_empty(view.best->params_json);
  for (std::size_t i = 0; i < view.parameters.size(); ++i) {
    const auto& name = view.parameters[i];
    if (!params.contains(name) || !params.at(name).is_number_integer()) continue;
    const std::int64_t v = params.at(name).get<std::int64_t>();
    out << " " << name << "=" << (i < view.space.size() ? arch::format_parameter_value(view.space[i], v) : std::to_string(v));
  }
  out << "\n";
  // Where the best design's energy goes and its area sits (stored metrics).
  const nlohmann::json metrics = parse_or_empty(view.best->metrics_json);
  for (const auto& w : spec.workloads) {
    if (!metrics.contains(w.name)) continue;
    const auto& m = metrics.at(w.name);
    for (const auto& [key, label, unit] : {std::tuple{"energy_uj_by_level", "energy", "uJ"},
                                           std::tuple{"area_mm2_by_component", "area", "mm2"}}) {
      if (!m.contains(key) || !m.at(key).is_object() || m.at(key).empty()) continue;
      out << "  " << label << " (" << unit << ", " << w.name << "):";
      for (const auto& [part, value] : m.at(key).items())
        if (value.is_number()) out << " " << part << " " << number(value.get<double>());
      out << "\n";
    }
  }
  out << "  per-layer breakdown: archex evaluate --study " << s.study.name << "\n";
  if (!view.trials.empty()) print_importance(out, study_importance(view));
}

Importance study_importance(const StudyView& view) {
  ImportanceInput input;
  for (const auto& p : view.space) {
    input.names.push_back(p.name);
    input.sizes.push_back(static_cast<int>(p.values.size()));
  }
  const auto direction = view.spec.direction();
  for (const auto& t : view.trials) {
    if (t.point.size() != input.names.size()) continue;
    if (t.state == explore::TrialState::kComplete && t.value)
      input.add(t.point, explore::to_minimization(direction, *t.value));
    else if (t.state == explore::TrialState::kInfeasible)
      input.add(t.point, std::nullopt);
  }
  return rank_importance(input);
}

nlohmann::json objectives_json(const explore::StudySpec& spec) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& o : spec.objectives) {
    const auto& info = explore::metric_info(o.kind);
    list.push_back({{"name", std::string(info.name)},
                    {"direction", std::string(to_string(o.direction))},
                    {"unit", std::string(info.unit)},
                    {"column", std::string(info.column)}});
  }
  return list;
}

std::vector<const explore::TrialRecord*> pareto_trials(const StudyView& view) {
  const auto& objectives = view.spec.objectives;
  std::vector<const explore::TrialRecord*> complete;
  std::vector<opt::Objectives> values;
  for (const auto& t : view.trials) {
    if (t.state != explore::TrialState::kComplete || t.values.size() != objectives.size()) continue;
    opt::Objectives minimised;
    for (std::size_t k = 0; k < objectives.size(); ++k)
      minimised.push_back(explore::to_minimization(objectives[k].direction, t.values[k]));
    complete.push_back(&t);
    values.push_back(std::move(minimised));
  }
  std::vector<const explore::TrialRecord*> front;
  for (auto i : opt::pareto_front(values)) front.push_back(complete[i]);
  return front;
}

void print_pareto(std::ostream& out, const StudyView& view) {
  const auto front = pareto_trials(view);
  const auto& objectives = view.spec.objectives;
  out << "study " << view.summary.study.name << ": " << front.size() << " non-dominated of "
      << view.summary.counts.complete << " complete trials (";
  for (std::size_t k = 0; k < objectives.size(); ++k)
    out << (k ? ", " : "") << to_string(objectives[k].kind) << " " << to_string(objectives[k].direction);
  out << ")\n";
  if (front.empty()) return;
  out << std::right << std::setw(7) << "trial";
  for (const auto& o : objectives) out << std::setw(16) << explore::metric_info(o.kind).column;
  out << "  config\n";
  for (const auto* t : front) {
    out << std::setw(7) << t->number;
    for (double v : t->values) out << std::setw(16) << number(v);
    const nlohmann::json params = parse_or_empty(t->params_json);
    out << " ";
    for (const auto& name : view.parameters)
      if (params.contains(name)) out << " " << name << "=" << params.at(name).dump();
    out << "\n";
  }
}

nlohmann::json pareto_json(const StudyView& view) {
  nlohmann::json front = nlohmann::json::array();
  for (const auto* t : pareto_trials(view)) {
    nlohmann::json values = nlohmann::json::object();
    for (std::size_t k = 0; k < view.spec.objectives.size(); ++k)
      values[std::string(explore::metric_info(view.spec.objectives[k].kind).column)] = t->values[k];
    front.push_back({{"number", t->number},
                     {"proposer", t->proposer},
                     {"values", values},
                     {"config", parse_or_empty(t->params_json)},
                     {"metrics", parse_or_empty(t->metrics_json)}});
  }
  return {{"study", view.summary.study.name},
          {"objectives", objectives_json(view.spec)},
          {"complete", view.summary.counts.complete},
          {"front", front}};
}

nlohmann::json study_json(const StudyView& view) {
  const auto& s = view.summary;
  nlohmann::json spec = view.spec.identity_json();
  spec["name"] = s.study.name;
  spec["trials"] = s.study.target_trials;
  spec["jobs"] = s.study.jobs;
  if (!view.template_name.empty())
    spec["template_recorded"] = {{"name", view.template_name}, {"content_hash", view.template_hash}};
  const auto& c = s.counts;
  nlohmann::json out = {
      {"study", s.study.name},
      {"created_at", s.study.created_at},
      {"spec", spec},
      {"objective",
       {{"name", std::string(to_string(view.spec.primary().kind))},
        {"direction", std::string(to_string(view.spec.direction()))},
        {"unit", explore::objective_unit(view.spec.primary().kind)}}},
      {"objectives", objectives_json(view.spec)},
      {"progress",
       {{"target", s.study.target_trials},
        {"finished", c.finished()},
        {"complete", c.complete},
        {"infeasible", c.infeasible},
        {"failed", c.failed},
        {"running", c.running}}},
      {"feasibility_ratio", c.finished() > 0 ? nlohmann::json(static_cast<double>(c.complete) / c.finished())
                                             : nlohmann::json(nullptr)},
      {"priors", s.prior_count},
      {"best", nullptr},
  };
  nlohmann::json baseline_params = nlohmann::json::object();
  for (std::size_t i = 0; i < view.parameters.size() && i < view.baseline_values.size(); ++i)
    baseline_params[view.parameters[i]] = view.baseline_values[i];
  out["baseline"] = {{"config", baseline_params}, {"metrics", view.baseline_metrics}};
  if (view.best)
    out["best"] = {{"number", view.best->number},
                   {"value", *view.best->value},
                   {"proposer", view.best->proposer},
                   {"config", parse_or_empty(view.best->params_json)},
                   {"metrics", parse_or_empty(view.best->metrics_json)}};
  if (!view.trials.empty()) out["importance"] = importance_json(study_importance(view));
  return out;
}

void print_study_list(std::ostream& out, const std::vector<explore::StudySummary>& studies, const std::string& db) {
  if (studies.empty()) {
    out << "no studies in " << db << "\n";
    return;
  }
  // The name column fits the longest name (experiment cells are long).
  std::size_t name_width = 44;
  for (const auto& s : studies) name_width = std::max(name_width, s.study.name.size() + 2);
  const int w = static_cast<int>(name_width);
  out << std::left << std::setw(w) << "study" << std::setw(17) << "objective" << std::setw(12) << "optimizer"
      << std::right << std::setw(13) << "trials" << std::setw(9) << "running" << std::setw(10) << "feasible"
      << std::setw(14) << "best" << "\n";
  for (const auto& s : studies) {
    const explore::StudySpec spec = explore::stored_spec(s.study);
    const std::string best = s.best_value ? number(*s.best_value) + " " + explore::objective_unit(spec.primary().kind) : "-";
    out << std::left << std::setw(w) << s.study.name << std::setw(17) << explore::objectives_label(spec.objectives) << std::setw(12)
        << spec.optimizer << std::right << std::setw(13)
        << (std::to_string(s.counts.finished()) + "/" + std::to_string(s.study.target_trials)) << std::setw(9)
        << s.counts.running << std::setw(10) << percent(s.counts.complete, s.counts.finished()) << std::setw(14)
        << best << "\n";
  }
}

nlohmann::json study_list_json(const std::vector<explore::StudySummary>& studies) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : studies) {
    const explore::StudySpec spec = explore::stored_spec(s.study);
    list.push_back({{"study", s.study.name},
                    {"objective", explore::objectives_label(spec.objectives)},
                    {"optimizer", spec.optimizer},
                    {"target", s.study.target_trials},
                    {"finished", s.counts.finished()},
                    {"complete", s.counts.complete},
                    {"infeasible", s.counts.infeasible},
                    {"failed", s.counts.failed},
                    {"running", s.counts.running},
                    {"priors", s.prior_count},
                    {"best", s.best_value ? nlohmann::json(*s.best_value) : nlohmann::json(nullptr)}});
  }
  return list;
}

}  // namespace archex::exp
