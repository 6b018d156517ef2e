#pragma once
// One MAC layer mapped onto an architecture template under one dataflow: the
// analysis behind the generic cost model (cost-models/hierarchy_model.h).
//
// 1. Spatial fill. Each fan-out of the dataflow's `spatial` list takes its
//    dimensions in order, as many as fit: the first dimension takes
//    min(extent left, fan-out size), the leftover elements go to the next
//    dimension. A dimension named again on a later fan-out takes what is left
//    of it (Eyeriss' folding of a tall PE set onto spare rows); a further
//    dimension on a fan-out with spare elements replicates the set (Eyeriss'
//    replication over channels / filters). Active PEs follow from it.
// 2. Temporal tiling. Going from DRAM inwards, each group of storage levels at
//    one depth of the fan-out tree gets the tile of its parent divided by the
//    fan-outs in between and splits dimensions of its loop order until every
//    tensor it holds fits its capacity (first never below what the fan-outs
//    further in need, which would idle them). Compute cycles are the product
//    of the loop counts and of the innermost tile over the fan-outs below it.
// 3. Mapper. Greedy starts (splitting the inner loops first, and the outer
//    loops first) and the best of `mapper_samples` random points (random
//    loop orders, log-uniform tiles, seeded by the layer), each refined by
//    trying every candidate order per group (the dataflow's, and each with
//    one dimension moved outermost or innermost) and a local search on tiles
//    (halve, double, whole, 1; one dimension shrunk and another grown into the
//    room). Kept: the fastest, ties to the least energy. A batch is never
//    mapped worse than its images one after another.
// 4. Traffic. A tensor is filled into a level once per iteration of the loops
//    above it, except the innermost run of loops that do not index it (it
//    stays resident across them: that is the reuse). Partial sums that leave
//    a level before their reduction is complete are written and read back.
//    A level serves its children their fills; with multicast, children that
//    need the same words are served by one read (and the spatial reduction of
//    partial sums is one write). The innermost holder of a tensor serves the
//    MACs: one read per operand per MAC, divided by the broadcast over fan-outs
//    below it whose dimensions do not index the tensor; operands that cross
//    fan-outs also count as words on the holder's network.
//
// In the spirit of Timeloop's nest analysis (Parashar et al., ISPASS 2019),
// with a small heuristic mapper in place of Timeloop's map-space search, and
// the access counting of Chen, Emer, Sze (ISCA 2016, Sec. VI-C).

#include <array>
#include <cstdint>

#include "accelerator-template/architecture.h"
#include "cost-models/cost_model.h"
#include "cost-models/prepared_workload.h"

namespace archex::cost {

// A MAC layer as loop extents (N = batch).
struct LayerProblem {
  std::array<std::int64_t, arch::kDims> extent{};  // N, G, K, C, P, Q, R, S
  std::int64_t stride_h = 1, stride_w = 1, in_height = 1, in_width = 1;
  std::int64_t macs = 0;

  static LayerProblem from_shape(const LayerShape& shape, std::int64_t batch);
};

// Words of a tensor that a tile of the given extents touches.
double tensor_words(arch::TensorKind tensor, const std::array<std::int64_t, arch::kDims>& x, const LayerProblem& p);
bool indexes(arch::TensorKind tensor, arch::Dim dim);

struct LayerMapping {
  bool mappable = true;
  int failed_level = -1;            // the level whose capacity no tile fits
  double needed_words = 0.0;        // what that level would need
  std::array<std::array<std::int64_t, arch::kDims>, arch::kMaxFanouts> alloc{};  // spatial allocation
  double compute_cycles = 0.0;
  std::int64_t active_pes = 0;
  std::array<double, arch::kMaxLevels> access_words{};   // reads + writes, all instances
  std::array<double, arch::kMaxLevels> network_words{};  // words between the level and its children
  std::array<double, arch::kMaxLevels> active_instances{};
  double dram_words = 0.0;
};

// Sustained fractions of the ideal rates (1 = ideal): the coefficients
// `archex calibrate` fits to measured cycles (cost-models/calibration.h).
struct RateEfficiency {
  double compute = 1.0;  // of the MACs' peak rate
  double onchip = 1.0;   // of every on-chip level's bandwidth
  double dram = 1.0;     // of the DRAM interface's bandwidth
};

// A mapping's cycles per component at the ideal rates: compute, the slowest
// on-chip level's transfers, DRAM transfers.
struct CycleComponents {
  double compute = 0.0, onchip = 0.0, dram = 0.0;
};
CycleComponents cycle_components(const LayerMapping& mapping, const arch::ResolvedArchitecture& arch);

// Time and energy of a mapping (double buffering: the slowest of compute and
// every level's transfers, each at its sustained rate).
struct MappingCost {
  double cycles = 0.0;
  double energy_pj = 0.0;
  Bound bound = Bound::kCompute;  // compute, on-chip or DRAM
  // Faster, or as fast with less energy.
  bool better_than(const MappingCost& other) const;
};
MappingCost mapping_cost(const LayerMapping& mapping, const arch::ResolvedArchitecture& arch, double macs,
                         const RateEfficiency& efficiency = {});

// `resident[t]`: the tensor is already on chip (kept by the previous layer,
// or all weights fit), so it does not cross the DRAM interface.
// The mapper compares mappings at the `efficiency` rates.
void map_layer(const LayerProblem& problem, const arch::ResolvedArchitecture& arch, int dataflow,
               const std::array<bool, arch::kTensors>& resident, LayerMapping& out,
               const RateEfficiency& efficiency = {});

}  // namespace archex::cost
