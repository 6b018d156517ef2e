#include "accelerator-template/architecture.h"

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
  for (const Fanout& f : fanouts) n *= f.size;
  return n;
}

std::int64_t Architecture::pes() const {
  std::int64_t n = 1;
  for (int i = 0; i < pe_depth; ++i) n *= fanouts[i].size;
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
  for (int i = 0; i < base->levels[level].depth; ++i) n *= fanout_size[i];
  return n;
}

std::int64_t ResolvedArchitecture::macs_per_cycle() const {
  std::int64_t n = 1;
  for (std::size_t i = 0; i < base->fanouts.size(); ++i) n *= fanout_size[i];
  return n;
}

std::int64_t ResolvedArchitecture::pes() const {
  std::int64_t n = 1;
  for (int i = 0; i < base->pe_depth; ++i) n *= fanout_size[i];
  return n;
}

}  // namespace archex::arch
