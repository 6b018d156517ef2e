#pragma once
// A config of the edge template seen as hardware: the ten Apollo parameters by
// role. HardwareResolver finds each role's parameter once per template, so
// resolving a config in the hot path is ten indexed loads.

#include <array>
#include <cstdint>

#include "accelerator-template/model_limits.h"
#include "accelerator-template/template.h"

namespace archex::arch {

struct Hardware {
  std::int64_t pe_x = 1, pe_y = 1;
  std::int64_t cores_per_pe = 1;
  std::int64_t lanes_per_core = 1;
  std::int64_t core_memory = 0;         // bytes per core
  std::int64_t pe_memory = 0;           // bytes per PE
  std::int64_t instruction_memory = 0;  // bytes, chip level
  std::int64_t parameter_memory = 0;    // bytes, chip level
  std::int64_t activation_memory = 0;   // bytes, chip level
  std::int64_t io_bandwidth = 0;        // GB/s

  // Saturating (model_limits.h): a design beyond the limits is refused by limit_violation().
  std::int64_t pes() const { return saturating_product(pe_x, pe_y); }
  std::int64_t cores() const { return saturating_product(pes(), cores_per_pe); }
  std::int64_t lanes() const { return saturating_product(cores(), lanes_per_core); }  // peak MACs per cycle

  // Why the design is beyond the cost models' limits (model_limits.h), or "".
  std::string limit_violation() const;
};

class HardwareResolver {
 public:
  // The parameter names every edge-style template must define, in Hardware order.
  static constexpr std::array<const char*, 10> kParameterNames = {
      "pe_x", "pe_y", "cores_per_pe", "lanes_per_core", "core_memory", "pe_memory",
      "instruction_memory", "parameter_memory", "activation_memory", "io_bandwidth"};

  // Throws TemplateError naming the first missing parameter.
  explicit HardwareResolver(const Template& tmpl);
  // No validation: the caller passes a config of this template.
  Hardware resolve(const Config& config) const;

 private:
  std::array<std::size_t, kParameterNames.size()> index_{};
};

}  // namespace archex::arch
