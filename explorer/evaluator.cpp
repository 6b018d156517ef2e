#include "explorer/evaluator.h"

#include <exception>

#include <nlohmann/json.hpp>

#include "cost-models/metrics_json.h"

namespace archex::explore {
namespace {

std::string constraints_json(const std::vector<ConstraintResult>& results) {
  if (results.empty()) return "";
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : results)
    list.push_back({{"constraint", r.constraint}, {"value", r.value}, {"satisfied", r.satisfied}});
  return list.dump();
}

}  // namespace

TrialResult scored_result(const Score& score, std::string metrics_json, bool cached) {
  TrialResult result;
  result.state = score.feasible ? TrialState::kComplete : TrialState::kInfeasible;
  if (score.feasible) result.value = score.value;
  result.values = score.values;
  result.constraints_json = constraints_json(score.constraints);
  result.reason = score.reason;
  result.cached = cached;
  result.metrics_json = std::move(metrics_json);
  return result;
}

Evaluator::Evaluator(const StudyEnvironment& env, std::shared_ptr<EvaluationCache> cache)
    : env_(env), cache_(std::move(cache)), model_version_(env.cost_model->name() + "/" + env.cost_model->version()) {}

TrialResult Evaluator::evaluate(const opt::Point& point) const {
  TrialResult result;
  try {
    const arch::Config config = env_.space.to_config(point);
    std::vector<std::shared_ptr<const CachedEvaluation>> parts;
    std::vector<const cost::Metrics*> metrics;
    parts.reserve(env_.workloads.size());
    metrics.reserve(env_.workloads.size());
    bool all_cached = true;
    for (const auto& w : env_.workloads) {
      std::string key;
      std::shared_ptr<const CachedEvaluation> part;
      if (cache_) {
        key = EvaluationCache::key(model_version_, w.key, config);
        part = cache_->find(key);
      }
      if (!part) {
        all_cached = false;
        auto fresh = std::make_shared<CachedEvaluation>();
        fresh->metrics = env_.cost_model->evaluate(*w.workload, config);
        fresh->metrics.layers.clear();  // the search loop never stores per-layer data
        nlohmann::json json = cost::metrics_to_json(fresh->metrics);
        json.erase("layers");
        fresh->metrics_json = json.dump();
        part = fresh;
        if (cache_) cache_->insert(key, part);
      }
      metrics.push_back(&part->metrics);
      parts.push_back(std::move(part));
    }
    std::string metrics_json = "{";
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i) metrics_json += ',';
      metrics_json += nlohmann::json(env_.workloads[i].name).dump();
      metrics_json += ':';
      metrics_json += parts[i]->metrics_json;
    }
    metrics_json += '}';
    result = scored_result(env_.objective.score(metrics), std::move(metrics_json), all_cached);
  } catch (const std::exception& e) {
    result = TrialResult{TrialState::kFailed, std::nullopt, "", e.what(), false, {}, {}};
  }
  return result;
}

void Evaluator::remember(const opt::Point& point, const std::string& metrics_json) const {
  if (!cache_ || metrics_json.empty()) return;
  try {
    const arch::Config config = env_.space.to_config(point);
    const auto all = nlohmann::json::parse(metrics_json);
    for (const auto& w : env_.workloads) {
      auto it = all.find(w.name);
      if (it == all.end()) continue;
      auto entry = std::make_shared<CachedEvaluation>();
      entry->metrics = cost::metrics_from_json(*it);
      entry->metrics_json = it->dump();
      cache_->insert(EvaluationCache::key(model_version_, w.key, config), std::move(entry));
    }
  } catch (const std::exception&) {
    // An unreadable stored trial only means a cache miss later.
  }
}

}  // namespace archex::explore
