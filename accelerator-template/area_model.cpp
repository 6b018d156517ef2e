#include "accelerator-template/area_model.h"

#include <cmath>

namespace archex::arch {

double sram_area_mm2(const AreaCoefficients& a, std::int64_t bytes) {
  const double b = static_cast<double>(bytes);
  const double macros = std::ceil(b / a.sram_macro_max_bytes);
  return b * 8.0 * a.sram_bit_mm2() + macros * a.sram_macro_periphery_mm2;
}

AreaBreakdown area_breakdown(const TechConstants& constants, const Hardware& hw) {
  const AreaCoefficients& a = constants.area;
  const double pes = static_cast<double>(hw.pes());
  const double cores = static_cast<double>(hw.cores());
  AreaBreakdown r;
  r.macs = static_cast<double>(hw.lanes()) * a.lane_mm2();
  r.core_memory = cores * sram_area_mm2(a, hw.core_memory);
  r.pe_memory = pes * sram_area_mm2(a, hw.pe_memory);
  r.global_memory = sram_area_mm2(a, hw.instruction_memory) + sram_area_mm2(a, hw.parameter_memory) +
                    sram_area_mm2(a, hw.activation_memory);
  r.noc = pes * a.noc_per_pe_mm2 + cores * a.noc_per_core_mm2;
  r.io = static_cast<double>(hw.io_bandwidth) * a.io_per_gbps_mm2;
  r.control = a.control_fixed_mm2 + cores * a.control_per_core_mm2;
  return r;
}

}  // namespace archex::arch
