#include "explorer/priors.h"

#include <nlohmann/json.hpp>

#include "cost-models/metrics_json.h"
#include "explorer/errors.h"

namespace archex::explore {

Score rescore(const std::string& metrics_json, const StudyEnvironment& env, const std::string& where) {
  nlohmann::json all;
  try {
    all = nlohmann::json::parse(metrics_json);
  } catch (const nlohmann::json::exception& e) {
    throw SpecError(where + ": stored metrics are not valid JSON (" + e.what() + ")");
  }
  std::vector<cost::Metrics> metrics;
  metrics.reserve(env.workloads.size());
  for (const auto& w : env.workloads) {
    auto it = all.find(w.name);
    if (it == all.end()) {
      std::string has;
      for (const auto& [name, value] : all.items()) has += (has.empty() ? "" : ", ") + name;
      throw SpecError(where + " has no metrics for workload '" + w.name + "' (it has: " + has +
                      "); a prior study must cover this study's workloads");
    }
    try {
      metrics.push_back(cost::metrics_from_json(*it));
    } catch (const std::exception& e) {
      throw SpecError(where + ": unreadable metrics for workload '" + w.name + "' (" + e.what() + ")");
    }
  }
  std::vector<const cost::Metrics*> pointers;
  for (const auto& m : metrics) pointers.push_back(&m);
  return env.objective.score(pointers);
}

std::optional<double> violating_value(const Score& score, const Objective& objective) {
  if (score.feasible || !score.value_over_budget) return std::nullopt;
  return objective.to_minimization(*score.value_over_budget);
}

PriorSet load_priors(TrialStore& store, const StudyRecord& study, const StudyEnvironment& env) {
  PriorSet set;
  for (const auto& prior : store.prior_trials(study.id)) {
    const std::string where = "prior study '" + prior.study + "' trial " + std::to_string(prior.trial.number);
    opt::Point point;
    try {
      point = env.space.point_from_params(nlohmann::json::parse(prior.trial.params_json));
    } catch (const std::exception&) {
      ++set.skipped;  // another template: the point has no place in this space
      continue;
    }
    const Score score = rescore(prior.trial.metrics_json, env, where);
    opt::Observation observation;
    observation.point = std::move(point);
    observation.feasible = score.feasible;
    if (score.feasible) {
      observation.value = env.objective.to_minimization(score.value);
      ++set.feasible;
    }
    observation.violating_value = violating_value(score, env.objective);
    observation.proposer = "prior:" + prior.study;
    set.observations.push_back(std::move(observation));
  }
  return set;
}

}  // namespace archex::explore
