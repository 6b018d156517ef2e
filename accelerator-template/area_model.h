#pragma once
// Chip area of an edge-template config, per component, in mm^2. Coefficients
// come from the template's constants (sources cited in the template file).

#include "accelerator-template/hardware.h"
#include "accelerator-template/tech_constants.h"

namespace archex::arch {

struct AreaBreakdown {
  double macs = 0.0;        // MAC lanes
  double core_memory = 0.0; // all core memories
  double pe_memory = 0.0;   // all PE memories
  double global_memory = 0.0;  // instruction + parameter + activation memories
  double noc = 0.0;         // routers, links and core ports
  double io = 0.0;          // DRAM PHY + controller
  double control = 0.0;     // fixed control plus per-core sequencers
  double total() const { return macs + core_memory + pe_memory + global_memory + noc + io + control; }
};

// Area of one SRAM of `bytes`: bit cells plus the periphery of each macro.
double sram_area_mm2(const AreaCoefficients& a, std::int64_t bytes);

AreaBreakdown area_breakdown(const TechConstants& constants, const Hardware& hw);

}  // namespace archex::arch
