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

// The cache key's version part of an external evaluator's results: what it declared.
static std::string external_version_key(const std::string& declared) { return "external/" + declared; }

Evaluator::Evaluator(const StudyEnvironment& env, std::shared_ptr<EvaluationCache> cache)
    : env_(env), cache_(std::move(cache)), model_version_(env.cost_model->name() + "/" + env.cost_model->version()) {
  if (env.evaluator) external_ = std::make_unique<ExternalEvaluator>(*env.evaluator, env);
}

Evaluator::~Evaluator() = default;

void Evaluator::watch(const std::atomic<bool>* stop) const {
  if (external_) external_->watch(stop);
}

void Evaluator::interrupt() const {
  if (external_) external_->interrupt();
}

TrialResult Evaluator::evaluate(const opt::Point& point) const {
  TrialResult result;
  try {
    const arch::Config config = env_.space.to_config(point);
    // External results are keyed by the version the evaluator declares.
    const std::string version = external_ ? external_version_key(external_->version()) : model_version_;
    nlohmann::json params;
    if (external_) params = nlohmann::json::parse(env_.space.params_json(point));
    std::vector<std::shared_ptr<const CachedEvaluation>> parts;
    std::vector<const cost::Metrics*> metrics;
    parts.reserve(env_.workloads.size());
    metrics.reserve(env_.workloads.size());
    bool all_cached = true;
    for (const auto& w : env_.workloads) {
      std::string key;
      std::shared_ptr<const CachedEvaluation> part;
      if (cache_) {
        key = EvaluationCache::key(version, w.key, config);
        part = cache_->find(key);
      }
      if (!part) {
        all_cached = false;
        auto fresh = std::make_shared<CachedEvaluation>();
        nlohmann::json json;
        if (external_) {
          fresh->metrics = external_->measure(w, config, params, json);
        } else {
          fresh->metrics = env_.cost_model->evaluate(*w.workload, config);
          fresh->metrics.layers.clear();  // the search loop never stores per-layer data
          json = cost::metrics_to_json(fresh->metrics);
          json.erase("layers");
        }
        fresh->metrics_json = json.dump();
        part = fresh;
        if (cache_) cache_->insert(key, part);
      }
      metrics.push_back(&part->metrics);
      parts.push_back(std::move(part));
    }
    const Score score = env_.objective.score(metrics);
    result.state = score.feasible ? TrialState::kComplete : TrialState::kInfeasible;
    if (score.feasible) result.value = score.value;
    result.values = score.values;
    result.constraints_json = constraints_json(score.constraints);
    result.reason = score.reason;
    result.cached = all_cached;
    result.metrics_json = "{";
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i) result.metrics_json += ',';
      result.metrics_json += nlohmann::json(env_.workloads[i].name).dump();
      result.metrics_json += ':';
      result.metrics_json += parts[i]->metrics_json;
    }
    result.metrics_json += '}';
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
      // An external result is cached under the version that measured it.
      const auto evaluator = it->find("evaluator");
      if (external_ != nullptr) {
        if (evaluator == it->end() || !evaluator->is_string()) continue;
      } else if (evaluator != it->end()) {
        continue;
      }
      auto entry = std::make_shared<CachedEvaluation>();
      entry->metrics = cost::metrics_from_json(*it);
      entry->metrics_json = it->dump();
      const std::string version =
          external_ ? external_version_key(evaluator->get<std::string>()) : model_version_;
      cache_->insert(EvaluationCache::key(version, w.key, config), std::move(entry));
    }
  } catch (const std::exception&) {
    // An unreadable stored trial only means a cache miss later.
  }
}

}  // namespace archex::explore
