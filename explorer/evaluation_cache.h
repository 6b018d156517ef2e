#pragma once
// The evaluation cache: cost-model results keyed by (cost-model version,
// workload, config), so a config evaluated before costs a hash lookup. Shared
// by the evaluation threads (and, if the caller wishes, by several studies in
// one process: the key carries everything the result depends on).

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "accelerator-template/template.h"
#include "cost-models/cost_model.h"

namespace archex::explore {

struct CachedEvaluation {
  cost::Metrics metrics;     // without per-layer entries
  std::string metrics_json;  // cost::metrics_to_json(metrics).dump(): what the trial stores
};

class EvaluationCache {
 public:
  // At most `max_entries` results; the oldest are dropped first.
  explicit EvaluationCache(std::size_t max_entries = 200'000);

  static std::string key(const std::string& model_version, const std::string& workload_key,
                         const arch::Config& config);

  // Thread-safe.
  std::shared_ptr<const CachedEvaluation> find(const std::string& key) const;
  void insert(const std::string& key, std::shared_ptr<const CachedEvaluation> value);
  std::size_t size() const;

 private:
  static constexpr std::size_t kShards = 16;
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, std::shared_ptr<const CachedEvaluation>> entries;
    std::deque<std::string> order;  // insertion order, for eviction
  };
  Shard& shard_for(const std::string& key) const;

  std::size_t max_per_shard_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace archex::explore
