#pragma once
// The per-layer formulas of the analytical model: how one layer maps onto the
// PE grid under each dataflow, what it moves between memory levels, and the
// raw cycles of compute, on-chip transfer and DRAM transfer. The efficiencies
// and overheads of AnalyticalOptions are applied by the caller
// (analytical.cpp), which is what calibration fits.
//
// Spatial mappings (lane dim / core dim / PE dim; the rest runs in time):
//   weight-stationary (TPU / NVDLA-like): lanes <- C (reduction), cores <- K'
//       (output channels), PEs <- P x Q (output pixels); each core keeps its
//       filters in core memory, weights are multicast to every PE.
//   channel-parallel: lanes <- C, cores x PEs <- K'; inputs are multicast to
//       every PE (the mapping for fully connected layers, where P x Q = 1).
//   output-stationary (ShiDianNao-like): lanes <- Q (output columns), cores
//       <- P (output rows), PEs <- K'; partial sums stay in the lanes.
//   row-stationary (Eyeriss-like): lanes <- Q, cores <- R (filter rows,
//       partial sums flow across cores), PEs <- K'; input rows reused
//       diagonally, so each input row is read once per PE.
// K' = groups x output channels per group, C = input channels per group.

#include <array>
#include <cstdint>

#include "accelerator-template/hardware.h"
#include "accelerator-template/tech_constants.h"
#include "cost-models/analytical_options.h"
#include "cost-models/prepared_workload.h"

namespace archex::cost {

enum class Dataflow : std::uint8_t { kWeightStationary, kChannelParallel, kOutputStationary, kRowStationary };
inline constexpr int kDataflows = 4;
const char* dataflow_name(Dataflow dataflow);

// Why a layer cannot be mapped at all.
enum class MapFailure : std::uint8_t { kNone, kCoreMemory, kPeMemory, kActivationMemory };

// Per-config constants of the layer formulas, computed once per evaluation.
struct HardwareView {
  std::int64_t pes = 1, cores_per_pe = 1, lanes = 1, peak_macs_per_cycle = 1;
  std::int64_t core_memory = 0, pe_memory = 0, parameter_memory = 0, activation_memory = 0;
  std::int64_t core_capacity = 0;  // core memory left after the lanes' accumulators
  std::int64_t accumulator_bytes = 4;
  std::int64_t bytes_per_element = 1;
  double dram_bytes_per_cycle = 1.0;
  double dram_chunk_overhead_cycles = 0.0;
  // Whole-workload decisions (see make_hardware_view).
  bool weights_cached = false;          // all parameters stay on chip across inferences
  bool programs_cached = false;         // all layer programs fit the instruction memory
  std::int64_t program_bytes = 0;       // one layer's program
  std::int64_t onchip_activation_capacity = 0;  // PE memory left for activations
};

HardwareView make_hardware_view(const arch::Hardware& hw, const arch::TechConstants& constants,
                                const AnalyticalOptions& options, const PreparedWorkload& workload);

// Raw cycles (before efficiencies and overhead) and traffic of one candidate.
struct Candidate {
  double compute = 0.0, onchip = 0.0, dram = 0.0;
  double onchip_bytes = 0.0;     // PE-memory reads delivered to cores
  std::int64_t dram_bytes = 0;
  bool mappable = true;
};

struct LayerCandidates {
  std::array<Candidate, kDataflows> candidates{};
  int count = 0;                 // kDataflows for MAC layers (index = Dataflow), 1 otherwise
  bool free = false;             // reshape-like: no cycles, no overhead
  MapFailure failure = MapFailure::kNone;  // set when no candidate is mappable
  std::int64_t needed_bytes = 0;           // what the failing level would need
};

// Fills `out`; allocation-free.
void cost_layer(const LayerShape& layer, const HardwareView& hw, LayerCandidates& out);

}  // namespace archex::cost
