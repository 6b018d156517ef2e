#include "accelerator-template/hardware.h"

namespace archex::arch {

HardwareResolver::HardwareResolver(const Template& tmpl) {
  for (std::size_t i = 0; i < kParameterNames.size(); ++i) index_[i] = tmpl.index_of(kParameterNames[i]);
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
