#pragma once
// The analytical model's own coefficients: efficiencies and overheads that a
// technology table cannot give. `archex calibrate` fits the four marked
// "calibrated" to measured per-layer cycles (cost-models/calibration.h).

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace archex::cost {

struct AnalyticalOptions {
  // Fraction of the ideal (ceil-loss-aware) compute rate actually sustained:
  // stalls, bank conflicts, control bubbles. (0, 1]. Calibrated; default 1.
  double compute_efficiency = 1.0;
  // Fraction of the PE-memory port bandwidth sustained. (0, 1]. Calibrated; default 1.
  double onchip_efficiency = 1.0;
  // Fraction of the nominal I/O bandwidth sustained by DRAM transfers. (0, 1].
  // Calibrated; default 0.8, assumption: sustained LPDDR efficiency is
  // typically 70-85% of peak for streaming access.
  double dram_efficiency = 0.8;
  // Fixed cycles per layer: program dispatch, pipeline fill and drain,
  // synchronisation. >= 0. Calibrated; default 100, assumption.
  double layer_overhead_cycles = 100.0;

  // Cycles lost per DRAM transfer chunk (one staging-buffer fill): DRAM access
  // latency not hidden by double buffering. >= 0; default 100 cycles =
  // 100 ns at 1 GHz, assumption: LPDDR4X random-access latency is ~100 ns.
  double dram_chunk_overhead_cycles = 100.0;
  // Bytes per instruction and instructions per layer program (>= 1 each);
  // assumption: a VLIW-style layer program of 16 x 8-byte instructions.
  std::int64_t instruction_bytes = 8;
  std::int64_t instructions_per_layer = 16;

  // Throws CostModelError naming the field, the value and the violated constraint.
  void validate() const;

  friend bool operator==(const AnalyticalOptions&, const AnalyticalOptions&) = default;
};

nlohmann::json options_to_json(const AnalyticalOptions& options);
// Fields not present keep their defaults; unknown fields are an error.
AnalyticalOptions options_from_json(const nlohmann::json& json);

}  // namespace archex::cost
