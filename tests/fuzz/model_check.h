#pragma once
// The cost-model properties every fuzz target that reaches a model checks:
// whatever a template, workload or coefficient file holds, an evaluation is
// either infeasible with a reason or has finite, non-negative numbers and a
// positive area (never NaN, infinity or a wrapped-around negative count).

#include <string>

#include "accelerator-template/template.h"
#include "cost-models/cost_model.h"
#include "workloads/workload.h"

namespace archex::fuzz {

// Aborts through finding() when `metrics` breaks the properties above.
void check_metrics(const cost::Metrics& metrics, const std::string& what);

// Evaluates `workload` on `model` of `tmpl` at `config` (per layer, batch 1;
// also batch 4 on an architecture template) and checks the metrics.
void evaluate_and_check(const cost::CostModel& model, const arch::Template& tmpl, const workload::Workload& workload,
                        const arch::Config& config, const std::string& what);

// The shipped templates and their "analytical" models, made once.
const arch::Template& apollo_edge();
const arch::Template& eyeriss_v1();  // greedy mapper only: fast enough to fuzz
const cost::CostModel& apollo_edge_model();
const cost::CostModel& eyeriss_v1_model();

// Evaluates `workload` at both shipped templates' baselines and checks the metrics.
void evaluate_on_shipped_templates(const workload::Workload& workload, const std::string& what);

}  // namespace archex::fuzz
