#include "explorer/evaluator.h"

#include <cmath>
#include <exception>

#include <nlohmann/json.hpp>

#include "cost-models/metrics_json.h"
#include "explorer/number_text.h"

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

Evaluator::Measured Evaluator::measure(const arch::Config& config, const opt::Point& point, bool external) const {
  // External results are keyed by the version the evaluator declares.
  const std::string version = external ? external_version_key(external_->version()) : model_version_;
  nlohmann::json params;
  if (external) params = nlohmann::json::parse(env_.space.params_json(point));
  Measured m;
  m.parts.reserve(env_.workloads.size());
  m.metrics.reserve(env_.workloads.size());
  for (const auto& w : env_.workloads) {
    std::string key;
    std::shared_ptr<const CachedEvaluation> part;
    if (cache_) {
      key = EvaluationCache::key(version, w.key, config);
      part = cache_->find(key);
    }
    if (!part) {
      m.all_cached = false;
      auto fresh = std::make_shared<CachedEvaluation>();
      nlohmann::json json;
      if (external) {
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
    m.metrics.push_back(&part->metrics);
    m.parts.push_back(std::move(part));
  }
  return m;
}

TrialResult Evaluator::result_of(const Measured& measured, const Score& score,
                                 const Measured* analytical) const {
  std::string metrics_json = "{";
  for (std::size_t i = 0; i < measured.parts.size(); ++i) {
    if (i) metrics_json += ',';
    metrics_json += nlohmann::json(env_.workloads[i].name).dump();
    metrics_json += ':';
    if (analytical) {
      // Both fidelities are stored: the evaluator's metrics, and the model's beside them.
      auto both = nlohmann::json::parse(measured.parts[i]->metrics_json);
      both["analytical"] = nlohmann::json::parse(analytical->parts[i]->metrics_json);
      metrics_json += both.dump();
    } else {
      metrics_json += measured.parts[i]->metrics_json;
    }
  }
  metrics_json += '}';
  return scored_result(score, std::move(metrics_json),
                       measured.all_cached && (!analytical || analytical->all_cached));
}

bool Evaluator::promising(const Score& analytical) const {
  const double value = env_.objective.to_minimization(analytical.value);
  const double within = *env_.evaluator->screen_within_pct / 100.0;
  std::lock_guard lock(best_mutex_);
  const bool pass = !best_analytical_ || value <= *best_analytical_ + std::abs(*best_analytical_) * within;
  if (!best_analytical_ || value < *best_analytical_) best_analytical_ = value;
  return pass;
}

TrialResult Evaluator::evaluate(const opt::Point& point) const {
  try {
    const arch::Config config = env_.space.to_config(point);
    if (!screening()) {
      const Measured measured = measure(config, point, external_ != nullptr);
      return result_of(measured, env_.objective.score(measured.metrics), nullptr);
    }
    // Multi-fidelity: the analytical model first; only a promising design
    // goes to the external evaluator.
    const Measured analytical = measure(config, point, false);
    Score first = env_.objective.score(analytical.metrics);
    if (!first.feasible) {
      TrialResult result = result_of(analytical, first, nullptr);
      result.reason = "analytical model: " + result.reason;
      return result;
    }
    std::optional<double> best;
    {
      std::lock_guard lock(best_mutex_);
      best = best_analytical_;
    }
    if (!promising(first)) {
      // Stored with the model's metrics and objectives, as a design over a
      // constraint is: the optimizer learns from it, it never becomes "best".
      const double shown = env_.objective.direction() == Direction::kMaximize ? -*best : *best;
      first.feasible = false;
      first.reason = "screened out: the analytical model gives " + compact_number(first.value) + " " +
                     env_.objective.unit() + ", not within " +
                     compact_number(*env_.evaluator->screen_within_pct) + " % of the best so far (" +
                     compact_number(shown) + ")";
      return result_of(analytical, first, nullptr);
    }
    const Measured measured = measure(config, point, true);
    return result_of(measured, env_.objective.score(measured.metrics), &analytical);
  } catch (const std::exception& e) {
    return TrialResult{TrialState::kFailed, std::nullopt, "", e.what(), false, {}, {}};
  }
}

void Evaluator::remember(const opt::Point& point, const std::string& metrics_json) const {
  if (metrics_json.empty()) return;
  try {
    const arch::Config config = env_.space.to_config(point);
    const auto all = nlohmann::json::parse(metrics_json);
    std::vector<cost::Metrics> analytical;
    for (const auto& w : env_.workloads) {
      auto it = all.find(w.name);
      if (it == all.end()) continue;
      const auto evaluator = it->find("evaluator");
      // The model's metrics: the whole entry, or beside the evaluator's when both were stored.
      const nlohmann::json* model = evaluator == it->end() ? &*it : nullptr;
      if (evaluator != it->end() && it->contains("analytical")) model = &it->at("analytical");
      if (model) analytical.push_back(cost::metrics_from_json(*model));
      if (!cache_) continue;
      if (model && (external_ == nullptr || screening())) {
        auto entry = std::make_shared<CachedEvaluation>();
        entry->metrics = analytical.back();
        entry->metrics_json = model->dump();
        cache_->insert(EvaluationCache::key(model_version_, w.key, config), std::move(entry));
      }
      // An external result is cached under the version that measured it.
      if (external_ != nullptr && evaluator != it->end() && evaluator->is_string()) {
        nlohmann::json own = *it;
        own.erase("analytical");
        auto entry = std::make_shared<CachedEvaluation>();
        entry->metrics = cost::metrics_from_json(own);
        entry->metrics_json = own.dump();
        cache_->insert(EvaluationCache::key(external_version_key(evaluator->get<std::string>()), w.key, config),
                       std::move(entry));
      }
    }
    // A resumed screening study starts from the best analytical value it had.
    if (screening() && analytical.size() == env_.workloads.size()) {
      std::vector<const cost::Metrics*> pointers;
      for (const auto& m : analytical) pointers.push_back(&m);
      const Score score = env_.objective.score(pointers);
      if (score.feasible) promising(score);
    }
  } catch (const std::exception&) {
    // An unreadable stored trial only means a cache miss later.
  }
}

}  // namespace archex::explore
