#pragma once
// The metrics a study can optimise or constrain, declared once: name, unit,
// the column name that carries the unit (constraints, CSV), and the natural
// direction. Objectives and constraints of a study are lists of these.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "explorer/trial.h"

namespace archex::explore {

enum class ObjectiveKind : std::uint8_t {
  kLatency,         // ms, one workload
  kEnergy,          // uJ per inference, one workload
  kArea,            // mm^2 of the config
  kPower,           // mW = energy / latency, one workload
  kEdp,             // energy-delay product uJ*ms, one workload
  kPerfPerArea,     // 1 / (latency ms * area mm^2), one workload
  kGeomeanSpeedup,  // weighted geometric-mean speed-up over the template baseline, any workload set
};

struct MetricInfo {
  ObjectiveKind kind;
  std::string_view name;    // "latency": objectives, study names
  std::string_view column;  // "latency_ms": constraints and CSV columns carry the unit
  std::string_view unit;    // "ms"
  Direction natural;        // the direction a plain objective takes
  bool any_workload_set;    // false: defined for exactly one workload
};

std::span<const MetricInfo> study_metrics();
const MetricInfo& metric_info(ObjectiveKind kind);
std::string_view to_string(ObjectiveKind kind);  // the name, e.g. "latency"
// By name or column ("latency" or "latency_ms"). Throws SpecError naming
// `where` and every accepted spelling.
ObjectiveKind objective_from_string(std::string_view text, std::string_view where);
Direction direction_of(ObjectiveKind kind);
std::string objective_unit(ObjectiveKind kind);

// One objective: a metric and the direction it is optimised in.
struct ObjectiveSpec {
  ObjectiveKind kind = ObjectiveKind::kLatency;
  Direction direction = Direction::kMinimize;
  // "latency", or "max:latency" when the direction is not the natural one.
  std::string label() const;
  friend bool operator==(const ObjectiveSpec&, const ObjectiveSpec&) = default;
};
ObjectiveSpec natural_objective(ObjectiveKind kind);
// "latency,energy,area" or "min:latency,max:perf-per-area". Throws SpecError
// naming `where` (unknown metric, a metric listed twice, an empty list).
std::vector<ObjectiveSpec> parse_objective_list(std::string_view text, std::string_view where);
// "latency,max:energy": the labels joined by commas.
std::string objectives_label(const std::vector<ObjectiveSpec>& objectives);

// One constraint: metric <= bound or metric >= bound.
enum class BoundKind : std::uint8_t { kAtMost, kAtLeast };
struct ConstraintSpec {
  ObjectiveKind metric = ObjectiveKind::kArea;
  BoundKind kind = BoundKind::kAtMost;
  double bound = 0.0;
  std::string text() const;  // "power_mw<=2000"
  bool satisfied_by(double value) const { return kind == BoundKind::kAtMost ? value <= bound : value >= bound; }
  friend bool operator==(const ConstraintSpec&, const ConstraintSpec&) = default;
};
// "power_mw<=2000" (metric column with its unit, <= or >=, a finite number).
// Throws SpecError naming `where` and the accepted metric columns.
ConstraintSpec parse_constraint(std::string_view text, std::string_view where);

}  // namespace archex::explore
