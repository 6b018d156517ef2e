#pragma once
// `archex export`: one row per trial — number, state, objective, best so far,
// every template parameter, every raw metric — as CSV or JSON.

#include <ostream>

#include "experiments/study_view.h"

namespace archex::exp {

// Columns: number, state, objective, best_so_far, proposer, cached, attempts,
// reason, started_at, finished_at, the parameters (template order), then the
// metrics flattened with dots ("area_mm2_by_component.macs"), prefixed with
// "<workload>." when the study has several workloads.
void write_trials_csv(std::ostream& out, const StudyView& view);
// {"study": ..., "objective": ..., "trials": [{number, state, objective,
// best_so_far, proposer, cached, attempts, reason, started_at, finished_at,
// params: {...}, metrics: {...}}, ...]}
void write_trials_json(std::ostream& out, const StudyView& view);

// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
std::string csv_field(const std::string& text);

}  // namespace archex::exp
