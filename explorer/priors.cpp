#include "explorer/priors.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "cost-models/metrics_json.h"
#include "explorer/errors.h"

namespace archex::explore {

Score rescore(const std::string& metrics_json, const StudyEnvironment& env, const std::string& where,
              const arch::Config* config, bool* evaluated) {
  nlohmann::json all;
  try {
    all = nlohmann::json::parse(metrics_json);
  } catch (const nlohmann::json::exception& e) {
    throw SpecError(where + ": stored metrics are not valid JSON (" + e.what() + ")");
  }
  const bool can_evaluate = config != nullptr && env.cost_model != nullptr && !env.evaluator;
  std::vector<cost::Metrics> metrics;
  metrics.reserve(env.workloads.size());
  for (const auto& w : env.workloads) {
    auto it = all.find(w.name);
    if (it == all.end() && can_evaluate) {
      metrics.push_back(env.cost_model->evaluate(*w.workload, *config));
      if (evaluated) *evaluated = true;
      continue;
    }
    if (it == all.end()) {
      std::string has;
      for (const auto& [name, value] : all.items()) has += (has.empty() ? "" : ", ") + name;
      throw SpecError(where + " has no metrics for workload '" + w.name + "' (it has: " + has + "); " +
                      (env.evaluator ? "with an external evaluator a prior study must cover this study's workloads"
                                     : "a prior study must cover this study's workloads"));
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

std::vector<double> violating_values(const Score& score, const Objective& objective) {
  if (score.feasible || score.values.empty()) return {};
  return objective.to_minimization(score.values);
}

opt::Observation observe(const Score& score, const Objective& objective) {
  opt::Observation observation;
  observation.feasible = score.feasible;
  const bool several = objective.objectives().size() > 1;
  if (score.feasible) {
    observation.value = objective.to_minimization(score.value);
    if (several) observation.values = objective.to_minimization(score.values);
  }
  const std::vector<double> violating = violating_values(score, objective);
  if (!violating.empty()) {
    observation.violating_value = violating.front();
    if (several) observation.violating_values = violating;
  }
  return observation;
}

namespace {

// Apollo's recipe: feasible priors only, each point once, the best `cap`.
void apply_apollo_recipe(PriorSet& set, int cap) {
  std::vector<opt::Observation> kept;
  for (auto& o : set.observations)
    if (o.feasible) kept.push_back(std::move(o));
  // Best first (several objectives: by the first), ties in stored order.
  std::stable_sort(kept.begin(), kept.end(),
                   [](const opt::Observation& a, const opt::Observation& b) { return a.value < b.value; });
  std::set<opt::Point> seen;
  std::vector<opt::Observation> chosen;
  for (auto& o : kept)
    if (static_cast<int>(chosen.size()) < cap && seen.insert(o.point).second) chosen.push_back(std::move(o));
  set.left_out = static_cast<int>(set.observations.size() - chosen.size());
  set.feasible = static_cast<int>(chosen.size());
  set.observations = std::move(chosen);
}

}  // namespace

PriorSet load_priors(TrialStore& store, const StudyRecord& study, const StudyEnvironment& env,
                     const PriorRecipe& recipe) {
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
    const arch::Config config = env.space.to_config(point);
    bool evaluated = false;
    Score score;
    try {
      score = rescore(prior.trial.metrics_json, env, where, &config, &evaluated);
    } catch (const SpecError&) {
      throw;
    } catch (const std::exception&) {
      ++set.skipped;  // the cost model failed on it here, as it would fail a trial
      continue;
    }
    set.evaluated += evaluated;
    opt::Observation observation = observe(score, env.objective);
    observation.point = std::move(point);
    if (score.feasible) ++set.feasible;
    observation.proposer = "prior:" + prior.study;
    set.observations.push_back(std::move(observation));
  }
  if (recipe.apollo) apply_apollo_recipe(set, recipe.cap);
  return set;
}

}  // namespace archex::explore
