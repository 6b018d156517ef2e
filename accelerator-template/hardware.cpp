#include "accelerator-template/hardware.h"

#include <utility>

namespace archex::arch {

HardwareResolver::HardwareResolver(const Template& tmpl) {
  for (std::size_t i = 0; i < kParameterNames.size(); ++i) index_[i] = tmpl.index_of(kParameterNames[i]);
}

std::string Hardware::limit_violation() const {
  const auto d = [](std::int64_t v) { return static_cast<double>(v); };
  const double units = d(pe_x) * d(pe_y) * d(cores_per_pe) * d(lanes_per_core);
  if (auto why = arch::limit_violation("MAC lanes (pe_x x pe_y x cores_per_pe x lanes_per_core)", units,
                                       static_cast<double>(kMaxUnits));
      !why.empty())
    return why;
  const std::pair<const char*, std::int64_t> memories[] = {
      {"core_memory bytes", core_memory},           {"pe_memory bytes", pe_memory},
      {"instruction_memory bytes", instruction_memory}, {"parameter_memory bytes", parameter_memory},
      {"activation_memory bytes", activation_memory}};
  for (const auto& [name, bytes] : memories)
    if (auto why = arch::limit_violation(name, d(bytes), static_cast<double>(kMaxCapacity)); !why.empty()) return why;
  return arch::limit_violation("io_bandwidth GB/s", d(io_bandwidth), kMaxBandwidthGbps);
}

Hardware HardwareResolver::resolve(const Config& config) const {
  const auto& v = config.values;
  Hardware h;
  h.pe_x = v[index_[0]];
  h.pe_y = v[index_[1]];
  h.cores_per_pe = v[index_[2]];
  h.lanes_per_core = v[index_[3]];
  h.core_memory = v[index_[4]];
  h.pe_memory = v[index_[5]];
  h.instruction_memory = v[index_[6]];
  h.parameter_memory = v[index_[7]];
  h.activation_memory = v[index_[8]];
  h.io_bandwidth = v[index_[9]];
  return h;
}

}  // namespace archex::arch
