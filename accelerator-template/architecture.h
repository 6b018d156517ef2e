#pragma once
// An accelerator described as data: the `architecture:` section of a template
// file (docs/architecture-format.md). A hierarchy of spatial fan-outs (chip ->
// PE rows -> PE columns -> lanes ...) whose product is the MAC count, storage
// levels from DRAM down to registers (capacity, instances, bandwidth, which
// tensors each holds, energy per access, area), and the dataflows the hardware
// supports (which loop dimensions are laid out on which fan-out, the order of
// the temporal loops). Nothing here is specific to one accelerator: the cost
// model (cost-models/hierarchy_model.h) and the area model read only this.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace archex::arch {

// The loop dimensions of a layer: batch, groups, output channels per group,
// input channels per group, output rows / columns, filter rows / columns
// (a depthwise convolution has G = channels, K = C = 1).
enum class Dim : std::uint8_t { kN, kG, kK, kC, kP, kQ, kR, kS };
inline constexpr int kDims = 8;
const char* dim_name(Dim dim);

enum class TensorKind : std::uint8_t { kWeights, kInputs, kOutputs };
inline constexpr int kTensors = 3;
const char* tensor_name(TensorKind tensor);

// Fixed upper bounds keep a resolved config allocation-free.
inline constexpr int kMaxFanouts = 8;
inline constexpr int kMaxLevels = 12;

struct Fanout {
  std::string name;
  std::int64_t size = 1;       // elements of this fan-out under each element of the one above
  double area_um2_each = 0.0;  // per-element overhead (router, sequencer), um^2
};

enum class StorageArea : std::uint8_t { kNone, kSram, kRegisterFile };

struct StorageLevel {
  std::string name;
  bool dram = false;               // off-chip: unbounded capacity, bandwidth in GB/s
  int depth = 0;                   // instances = product of the first `depth` fan-out sizes
  std::int64_t capacity_words = 0; // per instance; 0 for DRAM
  std::array<bool, kTensors> holds{};
  double bandwidth_words_per_cycle = 0.0;  // per instance, on-chip levels; 0 = unlimited
  double bandwidth_gbps = 0.0;             // DRAM only
  double access_energy_pj = 0.0;           // per word read or written
  double network_energy_pj = 0.0;          // per word moved between this level and the level below
  bool multicast = true;           // one read serves every child that needs the same word
  StorageArea area = StorageArea::kNone;
  double area_mm2_fixed = 0.0;     // per instance, on top of the cells (controller, PHY)
};

struct SpatialMapping {
  int fanout = 0;          // index into Architecture::fanouts
  std::vector<Dim> dims;   // filled in order; leftover elements take the next dim (folding, replication)
};

struct Dataflow {
  std::string name;
  std::vector<SpatialMapping> spatial;    // applied in order
  // Temporal loop orders a level may take (outermost first; the dimensions
  // split until the level's tiles fit). The mapper tries each candidate and
  // keeps the fastest mapping (ties: the least energy), as a mapper searching
  // a small map space would.
  std::vector<std::vector<Dim>> orders;                            // every level's default candidates
  std::array<std::vector<std::vector<Dim>>, kMaxLevels> level_orders;  // a level's own (empty: `orders`)
  const std::vector<std::vector<Dim>>& orders_at(int level) const {
    return level_orders[level].empty() ? orders : level_orders[level];
  }
  std::array<bool, kMaxLevels> bypass{};  // levels this dataflow does not use
};

struct Technology {
  std::string node;
  double mac_area_um2 = 0.0;           // one MAC datapath incl. its pipeline registers
  double sram_um2_per_bit = 0.0;       // compiled SRAM, array + periphery amortised
  double register_file_um2_per_bit = 0.0;
  double chip_fixed_mm2 = 0.0;         // control, host interface, pads
  double dram_phy_mm2_per_gbps = 0.0;  // off-chip interface area per GB/s
};

// What `supports:` may list: weights x activations, activations x
// activations (attention, KV caches), element-wise lane ops, special
// functions (exp, erf, tanh, sqrt, reciprocal, division), data movement.
inline constexpr const char* kOperatorClassNames[] = {"mac", "matmul", "vector", "special", "copy"};

struct Architecture {
  double clock_mhz = 0.0;
  int word_bits = 16;                  // datapath and storage word
  double mac_energy_pj = 0.0;
  double layer_overhead_cycles = 0.0;  // per layer: configuration, pipeline fill and drain
  int mapper_search_rounds = 4;        // local-search rounds over the greedy tiles (0: greedy only)
  int mapper_samples = 200;            // random map-space samples per layer and dataflow (0: none)
  int pe_depth = 0;                    // fan-outs [0, pe_depth) make the processing elements
  // Operator classes the hardware runs (kOperatorClassNames); empty = all. A
  // layer of another class makes a design infeasible, naming the layer.
  std::vector<std::string> supports;
  std::vector<Fanout> fanouts;         // outer to inner
  std::vector<StorageLevel> levels;    // outer (DRAM first) to inner
  std::vector<Dataflow> dataflows;
  Technology technology;

  std::int64_t macs_per_cycle() const;
  std::int64_t pes() const;
  int level_index(const std::string& name) const;   // -1 if absent
  int fanout_index(const std::string& name) const;  // -1 if absent
  int dataflow_index(const std::string& name) const;  // -1 if absent
};

// What a template parameter sets in the architecture.
struct ParameterBinding {
  enum class Field : std::uint8_t { kFanoutSize, kCapacityWords, kBandwidthWordsPerCycle, kBandwidthGbps, kDataflow };
  Field field = Field::kFanoutSize;
  int index = 0;  // fan-out or level index (unused for kDataflow)
};

// A cross-parameter rule: the product of some parameters' values must stay
// within [min, max]. Breaking it makes a config invalid (refused) or
// infeasible (a stored trial with the reason), as the template says.
struct ProductRule {
  std::vector<std::size_t> parameters;  // template parameter indices
  double min = 0.0, max = 0.0;          // max 0 = no upper bound
  bool infeasible = true;
  std::string message;
};

// The architecture with a config's values applied: what the cost model and
// the area model read in the hot path. Fixed-size: no allocation.
struct ResolvedArchitecture {
  const Architecture* base = nullptr;
  std::array<std::int64_t, kMaxFanouts> fanout_size{};
  std::array<std::int64_t, kMaxLevels> capacity_words{};
  std::array<double, kMaxLevels> bandwidth_words_per_cycle{};
  std::array<double, kMaxLevels> bandwidth_gbps{};
  int dataflow = -1;  // -1: the model picks the best dataflow per layer

  // Products saturate (model_limits.h): a design beyond the limits is refused by limit_violation().
  std::int64_t instances(int level) const;  // product of the fan-outs above the level
  std::int64_t macs_per_cycle() const;
  std::int64_t pes() const;
  // Why the design is beyond the cost models' limits (model_limits.h), or "".
  std::string limit_violation() const;
};

}  // namespace archex::arch
