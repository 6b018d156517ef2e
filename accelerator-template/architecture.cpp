#include "accelerator-template/architecture.h"

#include <algorithm>

#include "accelerator-template/model_limits.h"

namespace archex::arch {

const char* dim_name(Dim dim) {
  static constexpr const char* kNames[kDims] = {"N", "G", "K", "C", "P", "Q", "R", "S"};
  return kNames[static_cast<int>(dim)];
}

const char* tensor_name(TensorKind tensor) {
  static constexpr const char* kNames[kTensors] = {"weights", "inputs", "outputs"};
  return kNames[static_cast<int>(tensor)];
}

std::int64_t Architecture::macs_per_cycle() const {
  std::int64_t n = 1;
  for (const Fanout& f : fanouts) n = saturating_product(n, f.size);
  return n;
}

std::int64_t Architecture::pes() const {
  std::int64_t n = 1;
  for (int i = 0; i < pe_depth; ++i) n = saturating_product(n, fanouts[i].size);
  return n;
}

namespace {
template <typename T>
int find_named(const std::vector<T>& items, const std::string& name) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].name == name) return static_cast<int>(i);
  return -1;
}
}  // namespace

int Architecture::level_index(const std::string& name) const { return find_named(levels, name); }
int Architecture::fanout_index(const std::string& name) const { return find_named(fanouts, name); }
int Architecture::dataflow_index(const std::string& name) const { return find_named(dataflows, name); }

std::int64_t ResolvedArchitecture::instances(int level) const {
  std::int64_t n = 1;
  for (int i = 0; i < base->levels[level].depth; ++i) n = saturating_product(n, fanout_size[i]);
  return n;
}

std::int64_t ResolvedArchitecture::macs_per_cycle() const {
  std::int64_t n = 1;
  for (std::size_t i = 0; i < base->fanouts.size(); ++i) n = saturating_product(n, fanout_size[i]);
  return n;
}

std::int64_t ResolvedArchitecture::pes() const {
  std::int64_t n = 1;
  for (int i = 0; i < base->pe_depth; ++i) n = saturating_product(n, fanout_size[i]);
  return n;
}

std::string ResolvedArchitecture::limit_violation() const {
  double units = 1.0;
  for (std::size_t i = 0; i < base->fanouts.size(); ++i) units *= static_cast<double>(fanout_size[i]);
  if (auto why = arch::limit_violation("MACs per cycle (the product of the fan-outs)", units,
                                       static_cast<double>(kMaxUnits));
      !why.empty())
    return why;
  for (std::size_t l = 0; l < base->levels.size(); ++l) {
    // The names are built only for a violation: this runs on every evaluation.
    const std::string& name = base->levels[l].name;
    if (const double words = static_cast<double>(capacity_words[l]); words > static_cast<double>(kMaxCapacity))
      return arch::limit_violation(name + " capacity (words)", words, static_cast<double>(kMaxCapacity));
    if (const double bandwidth = std::max(bandwidth_gbps[l], bandwidth_words_per_cycle[l]); bandwidth > kMaxBandwidthGbps)
      return arch::limit_violation(name + " bandwidth", bandwidth, kMaxBandwidthGbps);
  }
  return "";
}

}  // namespace archex::arch
