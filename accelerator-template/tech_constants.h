#pragma once
// Technology and clock constants of a template (the `constants:` section of
// the template file). Raw coefficients are kept as read, with their sources
// cited in the template file; derived per-unit values are computed once.

#include <string>

namespace archex::arch {

struct AreaCoefficients {
  double mac_area_45nm_um2 = 0.0;        // bare int8 MAC datapath at 45 nm
  double logic_area_scale = 0.0;         // 45 nm -> node logic area factor
  double lane_overhead = 0.0;            // lane area / bare MAC area
  double sram_bitcell_um2 = 0.0;         // 6T bit cell at the node
  double sram_array_efficiency = 0.0;    // bit-cell area / macro array area, (0, 1]
  double sram_macro_max_bytes = 0.0;     // largest macro; bigger memories use several
  double sram_macro_periphery_mm2 = 0.0; // fixed periphery per macro
  double noc_per_pe_mm2 = 0.0;
  double noc_per_core_mm2 = 0.0;
  double io_per_gbps_mm2 = 0.0;
  double control_fixed_mm2 = 0.0;
  double control_per_core_mm2 = 0.0;

  // Derived: one lane in mm^2 and one SRAM bit in mm^2 (array only).
  double lane_mm2() const { return mac_area_45nm_um2 * logic_area_scale * lane_overhead * 1e-6; }
  double sram_bit_mm2() const { return sram_bitcell_um2 / sram_array_efficiency * 1e-6; }
};

struct EnergyCoefficients {
  double mac_energy_45nm_pj = 0.0;
  double energy_scale = 0.0;  // 45 nm -> node energy factor
  // Per-access energy relative to one MAC (Eyeriss normalisation).
  double register_relative = 0.0;
  double pe_array_relative = 0.0;
  double global_buffer_relative = 0.0;
  double dram_relative = 0.0;
  double register_accesses_per_mac = 0.0;

  double mac_pj() const { return mac_energy_45nm_pj * energy_scale; }
};

struct TechConstants {
  std::string node;
  double clock_ghz = 0.0;
  int data_width_bits = 8;
  int accumulator_bits = 32;
  AreaCoefficients area;
  EnergyCoefficients energy;
};

}  // namespace archex::arch
