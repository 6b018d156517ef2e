#include "explorer/metric.h"

#include <array>
#include <cmath>
#include <set>

#include "explorer/errors.h"
#include "explorer/number_text.h"

namespace archex::explore {
namespace {

using enum ObjectiveKind;
constexpr std::array kMetrics{
    MetricInfo{kLatency, "latency", "latency_ms", "ms", Direction::kMinimize, false},
    MetricInfo{kEnergy, "energy", "energy_uj", "uJ", Direction::kMinimize, false},
    MetricInfo{kArea, "area", "area_mm2", "mm2", Direction::kMinimize, true},
    MetricInfo{kPower, "power", "power_mw", "mW", Direction::kMinimize, false},
    MetricInfo{kEdp, "edp", "edp_uj_ms", "uJ*ms", Direction::kMinimize, false},
    MetricInfo{kPerfPerArea, "perf-per-area", "perf_per_area", "1/(ms*mm2)", Direction::kMaximize, false},
    MetricInfo{kGeomeanSpeedup, "geomean-speedup", "geomean_speedup", "x", Direction::kMaximize, true},
};

std::string spellings(bool names, bool columns) {
  std::string text;
  for (const auto& m : kMetrics) {
    if (names) text += (text.empty() ? "" : ", ") + std::string(m.name);
    if (columns) text += (text.empty() ? "" : ", ") + std::string(m.column);
  }
  return text;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

std::span<const MetricInfo> study_metrics() { return kMetrics; }

const MetricInfo& metric_info(ObjectiveKind kind) {
  for (const auto& m : kMetrics)
    if (m.kind == kind) return m;
  throw ExploreError("unknown metric kind");
}

std::string_view to_string(ObjectiveKind kind) { return metric_info(kind).name; }

ObjectiveKind objective_from_string(std::string_view text, std::string_view where) {
  for (const auto& m : kMetrics)
    if (m.name == text || m.column == text) return m.kind;
  throw SpecError(std::string(where) + ": unknown objective '" + std::string(text) + "' (expected one of " +
                  spellings(true, false) + ")");
}

Direction direction_of(ObjectiveKind kind) { return metric_info(kind).natural; }

std::string objective_unit(ObjectiveKind kind) { return std::string(metric_info(kind).unit); }

std::string ObjectiveSpec::label() const {
  if (direction == direction_of(kind)) return std::string(to_string(kind));
  return (direction == Direction::kMinimize ? "min:" : "max:") + std::string(to_string(kind));
}

ObjectiveSpec natural_objective(ObjectiveKind kind) { return {kind, direction_of(kind)}; }

std::vector<ObjectiveSpec> parse_objective_list(std::string_view text, std::string_view where) {
  std::vector<ObjectiveSpec> objectives;
  std::set<ObjectiveKind> seen;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    std::string item = trim(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    start = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
    if (item.empty()) throw SpecError(std::string(where) + ": empty objective in '" + std::string(text) + "'");
    std::optional<Direction> direction;
    if (item.starts_with("min:")) direction = Direction::kMinimize;
    if (item.starts_with("max:")) direction = Direction::kMaximize;
    const std::string name = direction ? trim(item.substr(4)) : item;
    const ObjectiveKind kind = objective_from_string(name, where);
    if (!seen.insert(kind).second)
      throw SpecError(std::string(where) + ": objective '" + std::string(to_string(kind)) + "' is listed twice");
    objectives.push_back({kind, direction.value_or(direction_of(kind))});
  }
  return objectives;
}

std::string objectives_label(const std::vector<ObjectiveSpec>& objectives) {
  std::string text;
  for (const auto& o : objectives) {
    if (!text.empty()) text += ',';
    text += o.label();
  }
  return text;
}

std::string ConstraintSpec::text() const {
  return std::string(metric_info(metric).column) + (kind == BoundKind::kAtMost ? "<=" : ">=") + compact_number(bound);
}

ConstraintSpec parse_constraint(std::string_view text, std::string_view where) {
  const std::string what = std::string(where) + ": constraint '" + std::string(text) + "'";
  std::size_t op = text.find("<=");
  BoundKind kind = BoundKind::kAtMost;
  if (op == std::string_view::npos) {
    op = text.find(">=");
    kind = BoundKind::kAtLeast;
  }
  if (op == std::string_view::npos)
    throw SpecError(what + ": expected METRIC<=BOUND or METRIC>=BOUND (e.g. power_mw<=2000)");
  const std::string column = trim(text.substr(0, op));
  const std::string bound_text = trim(text.substr(op + 2));
  ConstraintSpec constraint;
  constraint.kind = kind;
  bool known = false;
  for (const auto& m : kMetrics)
    if (m.column == column) {
      constraint.metric = m.kind;
      known = true;
    }
  if (!known)
    throw SpecError(what + ": unknown metric '" + column + "' (expected one of " + spellings(false, true) +
                    "; the name carries the unit)");
  char* end = nullptr;
  constraint.bound = std::strtod(bound_text.c_str(), &end);
  if (bound_text.empty() || end != bound_text.c_str() + bound_text.size() || !std::isfinite(constraint.bound))
    throw SpecError(what + ": bound '" + bound_text + "' is not a finite number");
  return constraint;
}

}  // namespace archex::explore
