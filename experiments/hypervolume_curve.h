#pragma once
// Several objectives in a comparison: a study's progress is the hypervolume
// its feasible trials dominate so far, measured against a stated reference
// point (the template baseline's value x2 for each objective minimised, /2
// for each maximised, and the area budget for area when there is one).

#include <string>
#include <vector>

#include "experiments/curves.h"
#include "explorer/study_environment.h"
#include "explorer/study_spec.h"
#include "explorer/trial.h"

namespace archex::exp {

struct HypervolumeReference {
  std::vector<double> point;  // minimised form, one per objective
  std::string text;           // "latency_ms 0.38, energy_uj 2.1, area_mm2 6.8"
};

// Throws std::runtime_error when the baseline cannot be evaluated (no reference).
HypervolumeReference hypervolume_reference(const explore::StudySpec& spec, const explore::StudyEnvironment& env);

// The running hypervolume after each finished trial (CurvePoint::feasible once
// a feasible trial dominates part of the reference box).
std::vector<CurvePoint> hypervolume_curve(const std::vector<explore::TrialRecord>& trials,
                                          const explore::StudySpec& spec, const HypervolumeReference& reference);

}  // namespace archex::exp
