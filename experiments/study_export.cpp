#include "experiments/study_export.h"

#include <map>
#include <set>

namespace archex::exp {
namespace {

using Row = std::map<std::string, std::string>;

std::string scalar_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

void flatten(const nlohmann::json& value, const std::string& prefix, Row& row, std::vector<std::string>& order,
             std::set<std::string>& known) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) flatten(child, prefix.empty() ? key : prefix + "." + key, row, order, known);
    return;
  }
  if (value.is_array()) return;  // per-layer lists do not fit one row
  if (known.insert(prefix).second) order.push_back(prefix);
  row[prefix] = scalar_text(value);
}

nlohmann::json parse_or_null(const std::string& text) {
  if (text.empty()) return nullptr;
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    return nullptr;
  }
}

// Best complete value up to each trial (by number), in the study's direction.
std::vector<std::optional<double>> best_so_far(const StudyView& view) {
  std::vector<std::optional<double>> best;
  std::optional<double> current;
  for (const auto& t : view.trials) {
    if (t.state == explore::TrialState::kComplete && t.value &&
        (!current || explore::better(view.spec.direction(), *t.value, *current)))
      current = t.value;
    best.push_back(current);
  }
  return best;
}

std::string optional_text(const std::optional<double>& value) { return value ? nlohmann::json(*value).dump() : ""; }

}  // namespace

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

void write_trials_csv(std::ostream& out, const StudyView& view) {
  const bool several = view.spec.workloads.size() > 1;
  std::vector<Row> rows;
  std::vector<std::string> metric_columns;
  std::set<std::string> known;
  for (const auto& t : view.trials) {
    Row row;
    const nlohmann::json metrics = parse_or_null(t.metrics_json);
    if (metrics.is_object())
      for (const auto& w : view.spec.workloads)
        if (metrics.contains(w.name)) flatten(metrics.at(w.name), several ? w.name : "", row, metric_columns, known);
    const nlohmann::json params = parse_or_null(t.params_json);
    if (params.is_object())
      for (const auto& [key, value] : params.items()) row["param:" + key] = scalar_text(value);
    rows.push_back(std::move(row));
  }
  const auto best = best_so_far(view);
  static const std::set<std::string> kTrialColumns = {"number", "state", "objective", "best_so_far", "proposer",
                                                      "cached", "attempts", "reason", "started_at", "finished_at"};
  out << "number,state,objective,best_so_far,proposer,cached,attempts,reason,started_at,finished_at";
  // Several objectives or constraints: one column per objective value and
  // one per constraint (1 satisfied, 0 violated), named as the metrics are.
  const bool extra = view.spec.multi_objective() || !view.spec.constraints.empty();
  std::vector<std::string> constraint_columns;
  if (extra) {
    for (const auto& o : view.spec.objectives) out << ",objective." << explore::metric_info(o.kind).column;
    if (view.spec.budget_mm2)
      constraint_columns.push_back(
          explore::ConstraintSpec{explore::ObjectiveKind::kArea, explore::BoundKind::kAtMost, *view.spec.budget_mm2}.text());
    for (const auto& c : view.spec.constraints) constraint_columns.push_back(c.text());
    for (const auto& c : constraint_columns) out << ",constraint." << csv_field(c);
  }
  for (const auto& p : view.parameters) out << ',' << csv_field(p);
  // A metric named like a trial column (the model's "reason") gets a prefix:
  // every column name appears once.
  for (const auto& m : metric_columns) out << ',' << csv_field(kTrialColumns.count(m) ? "metrics." + m : m);
  out << '\n';
  for (std::size_t i = 0; i < view.trials.size(); ++i) {
    const auto& t = view.trials[i];
    out << t.number << ',' << to_string(t.state) << ',' << optional_text(t.value) << ',' << optional_text(best[i])
        << ',' << csv_field(t.proposer) << ',' << (t.cached ? 1 : 0) << ',' << t.attempts << ','
        << csv_field(t.reason) << ',' << t.started_at << ',' << t.finished_at;
    if (extra) {
      for (std::size_t k = 0; k < view.spec.objectives.size(); ++k)
        out << ',' << (k < t.values.size() ? nlohmann::json(t.values[k]).dump() : "");
      const nlohmann::json results = parse_or_null(t.constraints_json);
      for (const auto& c : constraint_columns) {
        const char* cell = "";
        if (results.is_array())
          for (const auto& r : results)
            if (r.is_object() && r.contains("constraint") && r.at("constraint") == c)
              cell = r.value("satisfied", false) ? "1" : "0";
        out << ',' << cell;
      }
    }
    for (const auto& p : view.parameters) {
      auto it = rows[i].find("param:" + p);
      out << ',' << (it == rows[i].end() ? "" : it->second);
    }
    for (const auto& m : metric_columns) {
      auto it = rows[i].find(m);
      out << ',' << (it == rows[i].end() ? "" : csv_field(it->second));
    }
    out << '\n';
  }
}

void write_trials_json(std::ostream& out, const StudyView& view) {
  const auto best = best_so_far(view);
  const nlohmann::ordered_json head = {
      {"study", view.summary.study.name},
      {"objective", std::string(to_string(view.spec.primary().kind))},
      {"direction", std::string(to_string(view.spec.direction()))},
      {"unit", explore::objective_unit(view.spec.primary().kind)},
      {"objectives", objectives_json(view.spec)},
      {"parameters", view.parameters},
  };
  std::string text = head.dump();
  text.pop_back();  // reopen the object: the trials follow, one per line
  out << text << ",\"trials\":[";
  for (std::size_t i = 0; i < view.trials.size(); ++i) {
    const auto& t = view.trials[i];
    // Parameters in template order (ordered_json keeps insertion order).
    nlohmann::ordered_json params = nlohmann::ordered_json::object();
    const nlohmann::json stored = parse_or_null(t.params_json);
    for (const auto& p : view.parameters)
      if (stored.is_object() && stored.contains(p)) params[p] = stored.at(p);
    auto optional_json = [](const std::optional<double>& v) {
      return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
    };
    const nlohmann::ordered_json row = {
        {"number", t.number},
        {"state", std::string(to_string(t.state))},
        {"objective", optional_json(t.value)},
        {"objectives", t.values},
        {"constraints", t.constraints_json.empty() ? nlohmann::ordered_json(nullptr)
                                                   : nlohmann::ordered_json::parse(t.constraints_json)},
        {"best_so_far", optional_json(best[i])},
        {"proposer", t.proposer},
        {"cached", t.cached},
        {"attempts", t.attempts},
        {"reason", t.reason},
        {"started_at", t.started_at},
        {"finished_at", t.finished_at},
        {"config", params},
        {"metrics", t.metrics_json.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json::parse(t.metrics_json)},
    };
    out << (i ? "," : "") << "\n" << row.dump();
  }
  out << "\n]}\n";
}

}  // namespace archex::exp
