#include "explorer/evaluation_cache.h"

#include <algorithm>

namespace archex::explore {

EvaluationCache::EvaluationCache(std::size_t max_entries)
    : max_per_shard_(std::max<std::size_t>(1, max_entries / kShards)) {}

std::string EvaluationCache::key(const std::string& model_version, const std::string& workload_key,
                                 const arch::Config& config) {
  // The separators cannot occur in a version or workload key; values are raw
  // bytes, so the key is exact (no hashing collisions at this level).
  std::string key;
  key.reserve(model_version.size() + workload_key.size() + 2 + config.values.size() * sizeof(std::int64_t));
  key += model_version;
  key += '\x1f';
  key += workload_key;
  key += '\x1f';
  key.append(reinterpret_cast<const char*>(config.values.data()), config.values.size() * sizeof(std::int64_t));
  return key;
}

EvaluationCache::Shard& EvaluationCache::shard_for(const std::string& key) const {
  return shards_[std::hash<std::string>{}(key) % kShards];
}

std::shared_ptr<const CachedEvaluation> EvaluationCache::find(const std::string& key) const {
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.entries.find(key);
  return it == shard.entries.end() ? nullptr : it->second;
}

void EvaluationCache::insert(const std::string& key, std::shared_ptr<const CachedEvaluation> value) {
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  if (!shard.entries.emplace(key, std::move(value)).second) return;
  shard.order.push_back(key);
  if (shard.order.size() > max_per_shard_) {
    shard.entries.erase(shard.order.front());
    shard.order.pop_front();
  }
}

std::size_t EvaluationCache::size() const {
  std::size_t total = 0;
  for (auto& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.entries.size();
  }
  return total;
}

}  // namespace archex::explore
