#include "experiments/hypervolume_curve.h"

#include <stdexcept>

#include "experiments/number_format.h"
#include "optimizers/pareto.h"

namespace archex::exp {

HypervolumeReference hypervolume_reference(const explore::StudySpec& spec, const explore::StudyEnvironment& env) {
  std::vector<const cost::Metrics*> baseline;
  for (const auto& m : env.baseline) {
    if (!m.feasible || !(m.latency_ms > 0))
      throw std::runtime_error("the template baseline cannot run the study's workloads: no hypervolume reference");
    baseline.push_back(&m);
  }
  HypervolumeReference reference;
  for (const auto& o : spec.objectives) {
    double value = env.objective.metric_value(o.kind, baseline);
    if (o.kind == explore::ObjectiveKind::kArea && spec.budget_mm2)
      value = *spec.budget_mm2;
    else
      value = o.direction == explore::Direction::kMinimize ? 2 * value : value / 2;
    reference.point.push_back(explore::to_minimization(o.direction, value));
    if (!reference.text.empty()) reference.text += ", ";
    reference.text += std::string(explore::metric_info(o.kind).column) + " " + format_number(value);
  }
  return reference;
}

std::vector<CurvePoint> hypervolume_curve(const std::vector<explore::TrialRecord>& trials,
                                          const explore::StudySpec& spec, const HypervolumeReference& reference) {
  std::vector<CurvePoint> curve;
  std::vector<opt::Objectives> front;
  double volume = 0.0;
  for (const auto& t : trials) {
    if (t.state == explore::TrialState::kRunning) continue;
    if (t.state == explore::TrialState::kComplete && t.values.size() == spec.objectives.size()) {
      opt::Objectives point;
      for (std::size_t k = 0; k < t.values.size(); ++k)
        point.push_back(explore::to_minimization(spec.objectives[k].direction, t.values[k]));
      // Only a point no earlier one dominates changes the volume.
      bool dominated = false;
      for (const auto& f : front) dominated = dominated || f == point || opt::dominates(f, point);
      if (!dominated) {
        std::erase_if(front, [&](const opt::Objectives& f) { return opt::dominates(point, f); });
        front.push_back(point);
        volume = opt::hypervolume(front, reference.point);
      }
    }
    curve.push_back(CurvePoint{volume > 0, volume});
  }
  return curve;
}

}  // namespace archex::exp
