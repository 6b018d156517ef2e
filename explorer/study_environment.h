#pragma once
// Everything a study runs against, resolved and ready: the search space, the
// cost model, the workloads, the objective with its baseline, the optimizer
// factory and the seed. Built from a spec by build_environment()
// (study_setup.h), or assembled directly (tests inject a fake cost model).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cost-models/cost_model.h"
#include "explorer/objective.h"
#include "explorer/study_spec.h"
#include "explorer/template_space.h"
#include "optimizers/optimizer.h"
#include "workloads/workload.h"

namespace archex::explore {

struct EvalWorkload {
  std::string name;    // as the spec names it; the key in a trial's metrics JSON
  double weight = 1.0;
  std::shared_ptr<const workload::Workload> workload;
  std::string key;     // content fingerprint (workload_fingerprint())
};

// Creates the study's optimizer for a space. The engine may call it any
// number of times (optimizers are pure functions of their inputs).
using OptimizerFactory = std::function<std::unique_ptr<opt::Optimizer>(const opt::SearchSpace&)>;

struct StudyEnvironment {
  TemplateSpace space;
  std::shared_ptr<const cost::CostModel> cost_model;
  std::vector<EvalWorkload> workloads;
  Objective objective;
  std::vector<cost::Metrics> baseline;  // the template baseline config, one per workload
  OptimizerFactory make_optimizer;
  std::uint64_t seed = 0;
  // The template's name and FNV-1a content hash (empty for test environments).
  std::string template_name, template_hash;
  // An external command measures designs instead of the cost model (which
  // still gives the baseline and fills in area the command does not report).
  std::optional<EvaluatorSpec> evaluator;

  // What a study is bound to besides its spec: the search space, the cost
  // model (name and version) and the workloads' fingerprints — compared when a
  // study is continued — plus the baseline metrics, for reports.
  nlohmann::json context_json() const;
};

// The part of a context that must not change for a study to be continued;
// returns a message naming what changed, or "" when nothing did.
std::string context_mismatch(const nlohmann::json& stored, const nlohmann::json& current);

}  // namespace archex::explore
