#include "cost-models/hierarchy_mapping.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

namespace archex::cost {

namespace {

using arch::Dim;
using arch::kDims;
using arch::kMaxFanouts;
using arch::kMaxLevels;
using arch::kTensors;
using arch::TensorKind;
using Extents = std::array<std::int64_t, kDims>;

inline std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }
inline int at(Dim d) { return static_cast<int>(d); }

struct Loop {
  Dim dim = Dim::kN;
  std::int64_t count = 1;
};
// At most kDims loops per level group, one group per level.
constexpr int kMaxLoops = kDims * kMaxLevels;

}  // namespace

LayerProblem LayerProblem::from_shape(const LayerShape& s, std::int64_t batch) {
  LayerProblem p;
  const std::int64_t groups = std::max<std::int64_t>(1, s.groups);
  p.extent = {batch, groups, std::max<std::int64_t>(1, s.out_channels_total / groups), s.in_channels,
              s.out_h, s.out_w, s.kernel_h, s.kernel_w};
  p.stride_h = s.stride_h;
  p.stride_w = s.stride_w;
  p.in_height = std::max(s.in_height, (s.out_h - 1) * s.stride_h + 1);
  p.in_width = std::max(s.in_width, (s.out_w - 1) * s.stride_w + 1);
  p.macs = s.macs * batch;
  return p;
}

bool indexes(TensorKind tensor, Dim dim) {
  switch (tensor) {
    case TensorKind::kWeights: return dim != Dim::kN && dim != Dim::kP && dim != Dim::kQ;
    case TensorKind::kInputs: return dim != Dim::kK;
    case TensorKind::kOutputs: return dim != Dim::kC && dim != Dim::kR && dim != Dim::kS;
  }
  return true;
}

double tensor_words(TensorKind tensor, const Extents& x, const LayerProblem& p) {
  const auto d = [&](Dim dim) { return static_cast<double>(x[at(dim)]); };
  switch (tensor) {
    case TensorKind::kWeights: return d(Dim::kG) * d(Dim::kK) * d(Dim::kC) * d(Dim::kR) * d(Dim::kS);
    case TensorKind::kInputs: {
      // A tile of output rows / columns reads the window under it (the halo).
      const std::int64_t rows = std::min(p.in_height, (x[at(Dim::kP)] - 1) * p.stride_h + x[at(Dim::kR)]);
      const std::int64_t cols = std::min(p.in_width, (x[at(Dim::kQ)] - 1) * p.stride_w + x[at(Dim::kS)]);
      return d(Dim::kN) * d(Dim::kG) * d(Dim::kC) * static_cast<double>(rows) * static_cast<double>(cols);
    }
    case TensorKind::kOutputs: return d(Dim::kN) * d(Dim::kG) * d(Dim::kK) * d(Dim::kP) * d(Dim::kQ);
  }
  return 0.0;
}

namespace {

// What stays fixed while the mapper searches the temporal tiles.
struct Context {
  const LayerProblem& problem;
  const arch::ResolvedArchitecture& arch;
  const arch::Architecture& a;
  const arch::Dataflow& df;
  const std::array<bool, kTensors>& resident;
  const RateEfficiency& efficiency;
  std::array<std::array<std::int64_t, kDims>, kMaxFanouts> alloc{};  // the spatial fill
  int fanouts = 0, levels = 0;
  // Groups of storage levels at one depth of the fan-out tree, outer to inner.
  int groups = 0;
  std::array<int, kMaxLevels> first{}, end{}, depth{};
  std::array<std::vector<Dim>, kMaxLevels> order{};  // the loop order each group takes
  std::array<int, kMaxLevels> group_of{};  // per level
  bool inner_first = true;                 // greedy_tile's direction
  std::array<double, kMaxLevels> instances{};  // used instances per group

  std::int64_t alloc_between(int from, int to, int d) const {
    std::int64_t n = 1;
    for (int f = from; f < to; ++f) n *= alloc[f][d];
    return n;
  }
};

// The temporal part of a mapping: the tile each group of levels holds.
struct Nest {
  std::array<Extents, kMaxLevels> tile{};
};

// The work one instance of group g sees: its parent's tile over the fan-outs between.
Extents parent_view(const Context& c, const Nest& nest, int g) {
  const Extents& above = g == 0 ? c.problem.extent : nest.tile[g - 1];
  const int from = g == 0 ? 0 : c.depth[g - 1];
  Extents x{};
  for (int d = 0; d < kDims; ++d) x[d] = ceil_div(above[d], c.alloc_between(from, c.depth[g], d));
  return x;
}

// The first level of group g that tile x does not fit, or -1.
int overflow(const Context& c, int g, const Extents& x, double* needed = nullptr) {
  for (int l = c.first[g]; l < c.end[g]; ++l) {
    if (c.df.bypass[l]) continue;
    double words = 0.0;
    for (int t = 0; t < kTensors; ++t)
      if (c.a.levels[l].holds[t]) words += tensor_words(static_cast<TensorKind>(t), x, c.problem);
    if (words > static_cast<double>(c.arch.capacity_words[l])) {
      if (needed != nullptr) *needed = words;
      return l;
    }
  }
  return -1;
}

// Greedy first tile of group g: split the order's dimensions, innermost
// loop first (or outermost first: the mapper starts from both), each to the
// largest extent that lets the tile fit (first keeping what the fan-outs
// further in need, then anything). Splitting the inner loops keeps the tile
// whole along the outer ones, so the tensor those inner loops do not index
// stays resident across them: the reuse the order asks for.
bool greedy_tile(const Context& c, int g, Extents& x) {
  Extents need_below{};
  for (int d = 0; d < kDims; ++d) need_below[d] = c.alloc_between(c.depth[g], c.fanouts, d);
  for (int pass = 0; pass < 2 && overflow(c, g, x) >= 0; ++pass) {
    const auto& order = c.order[g];
    for (std::size_t i = 0; i < order.size(); ++i) {
      const Dim dim = c.inner_first ? order[order.size() - 1 - i] : order[i];
      if (overflow(c, g, x) < 0) break;
      const int d = at(dim);
      const std::int64_t lo = pass == 0 ? std::max<std::int64_t>(1, std::min(x[d], need_below[d])) : 1;
      Extents probe = x;
      probe[d] = lo;
      if (overflow(c, g, probe) >= 0) {
        x[d] = lo;
        continue;
      }
      std::int64_t best = lo, low = lo + 1, high = x[d];
      while (low <= high) {  // the largest extent that fits
        const std::int64_t mid = low + (high - low) / 2;
        probe[d] = mid;
        if (overflow(c, g, probe) < 0) best = mid, low = mid + 1;
        else high = mid - 1;
      }
      x[d] = best;
    }
  }
  return overflow(c, g, x) < 0;
}

// Tiles of groups after g shrink to what their new parent view allows; false
// if any then does not fit (it cannot: tiles only shrink) or g itself does not.
bool settle(const Context& c, Nest& nest, int g) {
  if (overflow(c, g, nest.tile[g]) >= 0) return false;
  for (int h = g + 1; h < c.groups; ++h) {
    const Extents view = parent_view(c, nest, h);
    for (int d = 0; d < kDims; ++d) nest.tile[h][d] = std::min(nest.tile[h][d], view[d]);
  }
  return true;
}

// The declared orders and, for each, every variant with one dimension moved
// to the front or the back.
std::vector<std::vector<Dim>> order_candidates(const std::vector<std::vector<Dim>>& declared) {
  std::vector<std::vector<Dim>> out;
  auto add = [&](std::vector<Dim> order) {
    if (std::find(out.begin(), out.end(), order) == out.end()) out.push_back(std::move(order));
  };
  for (const auto& order : declared) add(order);
  for (const auto& order : declared) {
    for (std::size_t i = 0; i < order.size(); ++i) {
      std::vector<Dim> front = order, back = order;
      front.erase(front.begin() + static_cast<std::ptrdiff_t>(i));
      front.insert(front.begin(), order[i]);
      back.erase(back.begin() + static_cast<std::ptrdiff_t>(i));
      back.push_back(order[i]);
      add(std::move(front));
      add(std::move(back));
    }
  }
  return out;
}

// Traffic of a nest (the spatial part is already in `out`).
void count_traffic(const Context& c, const Nest& nest, LayerMapping& out) {
  out.access_words.fill(0.0);
  out.network_words.fill(0.0);
  out.active_instances.fill(0.0);
  out.dram_words = 0.0;
  std::array<Loop, kMaxLoops> loops{};
  std::array<int, kMaxLevels> loops_end{};  // per group
  int loop_count = 0;
  for (int g = 0; g < c.groups; ++g) {
    const Extents view = parent_view(c, nest, g);
    for (const Dim dim : c.order[g]) {
      const std::int64_t count = ceil_div(view[at(dim)], nest.tile[g][at(dim)]);
      if (count > 1) loops[loop_count++] = {dim, count};
    }
    loops_end[g] = loop_count;
  }
  // Compute cycles follow the nest: a tile smaller than the fan-outs below it
  // leaves some of them idle.
  double compute = 1.0;
  for (int k = 0; k < loop_count; ++k) compute *= static_cast<double>(loops[k].count);
  const int last = c.groups - 1;
  for (int d = 0; d < kDims; ++d) {
    const std::int64_t inner = last < 0 ? c.problem.extent[d] : nest.tile[last][d];
    compute *= static_cast<double>(ceil_div(inner, c.alloc_between(last < 0 ? 0 : c.depth[last], c.fanouts, d)));
  }
  out.compute_cycles = compute;
  auto tile_of = [&](int level) -> const Extents& { return level == 0 ? c.problem.extent : nest.tile[c.group_of[level]]; };
  auto instances = [&](int level) { return level == 0 ? 1.0 : c.instances[c.group_of[level]]; };
  out.active_instances[0] = 1.0;
  for (int l = 1; l < c.levels; ++l) out.active_instances[l] = instances(l);

  for (int t = 0; t < kTensors; ++t) {
    const auto tensor = static_cast<TensorKind>(t);
    std::array<int, kMaxLevels> chain{};
    int chain_size = 0;
    chain[chain_size++] = 0;  // DRAM holds every tensor
    for (int l = 1; l < c.levels; ++l)
      if (c.a.levels[l].holds[t] && !c.df.bypass[l]) chain[chain_size++] = l;
    std::array<double, kMaxLevels> fills{};
    for (int i = 1; i < chain_size; ++i) {
      const int l = chain[i];
      double all = 1.0, relevant = 1.0;
      int innermost = -1;
      const int end = loops_end[c.group_of[l]];
      for (int k = 0; k < end; ++k)
        if (indexes(tensor, loops[k].dim)) innermost = k;
      for (int k = 0; k <= innermost; ++k) {
        all *= static_cast<double>(loops[k].count);
        if (indexes(tensor, loops[k].dim)) relevant *= static_cast<double>(loops[k].count);
      }
      const double words = tensor_words(tensor, tile_of(l), c.problem);
      // Partial sums evicted before their reduction ends are written and read back.
      const double per_instance =
          tensor == TensorKind::kOutputs ? words * relevant * (2.0 * (all / relevant) - 1.0) : words * all;
      fills[l] = per_instance * instances(l);
      out.access_words[l] += fills[l];
    }
    for (int i = 1; i < chain_size; ++i) {  // each level serves its children
      const int parent = chain[i - 1], child = chain[i];
      double served = fills[child];
      if (c.a.levels[parent].multicast) {
        const Extents& pt = tile_of(parent);
        const Extents& ct = tile_of(child);
        Extents uni{};
        for (int d = 0; d < kDims; ++d)
          uni[d] = std::min(pt[d], ct[d] * c.alloc_between(c.a.levels[parent].depth, c.a.levels[child].depth, d));
        const double children = instances(child) / instances(parent);
        served *= std::min(1.0, tensor_words(tensor, uni, c.problem) / (children * tensor_words(tensor, ct, c.problem)));
      }
      out.network_words[parent] += fills[child];
      if (parent == 0 && c.resident[t]) continue;
      out.access_words[parent] += served;
      if (parent == 0) out.dram_words += served;
    }
    // The innermost holder serves the MACs, broadcasting over the fan-outs
    // below it whose dimensions do not index the tensor.
    const int inner = chain[chain_size - 1];
    double broadcast = 1.0;
    if (c.a.levels[inner].multicast)
      for (int f = c.a.levels[inner].depth; f < c.fanouts; ++f)
        for (int d = 0; d < kDims; ++d)
          if (!indexes(tensor, static_cast<Dim>(d))) broadcast *= static_cast<double>(c.alloc[f][d]);
    const double operands = static_cast<double>(c.problem.macs) * (tensor == TensorKind::kOutputs ? 2.0 : 1.0);
    // Operands that cross fan-outs to reach the MACs ride the level's network,
    // one word per receiving (or, for partial sums, sending) MAC.
    if (c.a.levels[inner].depth < c.fanouts) out.network_words[inner] += operands;
    if (inner == 0 && c.resident[t]) continue;
    out.access_words[inner] += operands / broadcast;
    if (inner == 0) out.dram_words += operands / broadcast;
  }
}

}  // namespace

CycleComponents cycle_components(const LayerMapping& map, const arch::ResolvedArchitecture& arch) {
  const arch::Architecture& a = *arch.base;
  const double word_bytes = std::ceil(a.word_bits / 8.0);
  const double dram_bytes_per_cycle = arch.bandwidth_gbps[0] * 1000.0 / a.clock_mhz;
  CycleComponents out;
  out.compute = map.compute_cycles;
  for (std::size_t l = 0; l < a.levels.size(); ++l) {
    if (a.levels[l].dram)
      out.dram = std::max(out.dram, map.dram_words * word_bytes / dram_bytes_per_cycle);
    else if (arch.bandwidth_words_per_cycle[l] > 0.0 && map.active_instances[l] > 0.0)
      out.onchip = std::max(out.onchip, map.access_words[l] / (map.active_instances[l] * arch.bandwidth_words_per_cycle[l]));
  }
  return out;
}

MappingCost mapping_cost(const LayerMapping& map, const arch::ResolvedArchitecture& arch, double macs,
                         const RateEfficiency& efficiency) {
  const arch::Architecture& a = *arch.base;
  MappingCost cost;
  cost.energy_pj = macs * a.mac_energy_pj;
  for (std::size_t l = 0; l < a.levels.size(); ++l)
    cost.energy_pj += map.access_words[l] * a.levels[l].access_energy_pj + map.network_words[l] * a.levels[l].network_energy_pj;
  const CycleComponents raw = cycle_components(map, arch);
  cost.cycles = raw.compute / efficiency.compute;
  if (const double onchip = raw.onchip / efficiency.onchip; onchip > cost.cycles) {
    cost.cycles = onchip;
    cost.bound = Bound::kOnChip;
  }
  if (const double dram = raw.dram / efficiency.dram; dram > cost.cycles) {
    cost.cycles = dram;
    cost.bound = Bound::kDram;
  }
  return cost;
}

bool MappingCost::better_than(const MappingCost& other) const {
  if (cycles < other.cycles * (1.0 - 1e-9)) return true;
  return cycles <= other.cycles * (1.0 + 1e-9) && energy_pj < other.energy_pj * (1.0 - 1e-12);
}

namespace {

// A mapping under search: tiles, traffic and cost.
struct Candidate {
  Nest nest;
  LayerMapping out;
  MappingCost cost;
};

// Tiles of groups from g inwards from their greedy starts. Returns -1, or the
// first group whose smallest tile does not fit (its tile left as tried).
int regreedy(const Context& c, Nest& nest, int g) {
  for (int h = g; h < c.groups; ++h) {
    Extents x = parent_view(c, nest, h);
    const bool fits = greedy_tile(c, h, x);
    nest.tile[h] = x;
    if (!fits) return h;
  }
  return -1;
}

void evaluate(const Context& c, Candidate& m) {
  count_traffic(c, m.nest, m.out);
  m.cost = mapping_cost(m.out, c.arch, static_cast<double>(c.problem.macs), c.efficiency);
}

// Adopts `trial` (a changed tile of group g) into `best` if it, with the groups
// further in either clipped to it or started again greedily, is better.
bool adopt(const Context& c, Candidate& best, const Nest& trial, int g) {
  if (overflow(c, g, trial.tile[g]) >= 0) return false;
  bool adopted = false;
  Candidate kept{trial, best.out, {}};
  if (settle(c, kept.nest, g)) {
    evaluate(c, kept);
    if (kept.cost.better_than(best.cost)) best = kept, adopted = true;
  }
  Candidate fresh{trial, best.out, {}};
  if (g + 1 < c.groups && regreedy(c, fresh.nest, g + 1) < 0) {
    evaluate(c, fresh);
    if (fresh.cost.better_than(best.cost)) best = fresh, adopted = true;
  }
  return adopted;
}

// Local search on group g's tile: one dimension halved, doubled, taken whole
// or set to 1; or one shrunk by 2 or 4 and another grown into the room.
bool improve_group(const Context& c, Candidate& best, int g, bool pairs = true) {
  bool improved = false;
  const std::vector<Dim>& order = c.order[g];
  for (const Dim dim : order) {
    const int d = at(dim);
    const std::int64_t current = best.nest.tile[g][d];
    const std::int64_t whole = parent_view(c, best.nest, g)[d];
    for (const std::int64_t value : {ceil_div(current, 2), std::min(whole, current * 2), whole, std::int64_t{1}}) {
      if (value == current) continue;
      Nest trial = best.nest;
      trial.tile[g][d] = value;
      if (adopt(c, best, trial, g)) {
        improved = true;
        break;
      }
    }
  }
  for (const Dim shrink : order) {
    for (const Dim grow : order) {
      if (!pairs) break;
      const int ds = at(shrink), dg = at(grow);
      if (ds == dg || best.nest.tile[g][ds] <= 1) continue;
      for (const std::int64_t factor : {std::int64_t{2}, std::int64_t{4}}) {
        Nest trial = best.nest;
        trial.tile[g][ds] = ceil_div(best.nest.tile[g][ds], factor);
        std::int64_t low = trial.tile[g][dg] + 1, high = parent_view(c, trial, g)[dg], grown = trial.tile[g][dg];
        Extents probe = trial.tile[g];
        while (low <= high) {  // the largest extent of `grow` that fits
          const std::int64_t mid = low + (high - low) / 2;
          probe[dg] = mid;
          if (overflow(c, g, probe) < 0) grown = mid, low = mid + 1;
          else high = mid - 1;
        }
        if (grown == trial.tile[g][dg]) continue;
        trial.tile[g][dg] = grown;
        improved |= adopt(c, best, trial, g);
      }
    }
  }
  return improved;
}

// Refines a mapping: group by group, every candidate loop order (each with its
// own greedy start and one round of local search), twice; then local search
// over all groups.
void refine(Context& c, Candidate& best) {
  const int rounds = c.a.mapper_search_rounds;
  for (int pass = 0; pass < 2 && rounds > 0; ++pass) {
    for (int g = 0; g < c.groups; ++g) {
      std::vector<Dim> best_order = c.order[g];
      for (const std::vector<Dim>& order : order_candidates(c.df.orders_at(c.first[g]))) {
        if (order == best_order) continue;
        c.order[g] = order;
        Candidate trial{best.nest, best.out, {}};
        if (regreedy(c, trial.nest, g) >= 0) continue;
        evaluate(c, trial);
        improve_group(c, trial, g, /*pairs=*/false);
        if (trial.cost.better_than(best.cost)) {
          best = trial;
          best_order = order;
        }
      }
      c.order[g] = best_order;
    }
  }
  for (int round = 0; round < rounds; ++round) {
    bool improved = false;
    for (int g = 0; g < c.groups; ++g) improved |= improve_group(c, best, g);
    if (!improved) break;
  }
}

// The best sample of the map space (Timeloop's random-pruned search, in
// small): per group a random loop order and log-uniform tile extents, shrunk
// greedily until they fit. Seeded by the layer, so a layer always maps the
// same way. False if no sample fits.
bool sample(Context& c, Candidate& best) {
  std::uint64_t seed = 0x9e3779b97f4a7c15ULL;
  for (const std::int64_t e : c.problem.extent) seed = (seed ^ static_cast<std::uint64_t>(e)) * 0x100000001b3ULL;
  std::mt19937_64 rng(seed);
  std::array<std::vector<std::vector<Dim>>, kMaxLevels> candidates;
  for (int g = 0; g < c.groups; ++g) candidates[g] = order_candidates(c.df.orders_at(c.first[g]));
  bool found = false;
  std::array<std::vector<Dim>, kMaxLevels> best_orders = c.order;
  for (int s = 0; s < c.a.mapper_samples; ++s) {
    Candidate trial{{}, best.out, {}};
    bool ok = true;
    for (int g = 0; ok && g < c.groups; ++g) {
      // Any permutation of a declared order's dimensions.
      std::uniform_int_distribution<std::size_t> pick(0, candidates[g].size() - 1);
      c.order[g] = candidates[g][pick(rng)];
      std::shuffle(c.order[g].begin(), c.order[g].end(), rng);
      Extents x = parent_view(c, trial.nest, g);
      for (const Dim dim : c.order[g]) {
        const int d = at(dim);
        std::uniform_real_distribution<double> u(0.0, std::log(static_cast<double>(x[d])) + 1e-9);
        x[d] = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::llround(std::exp(u(rng)))), 1, x[d]);
      }
      ok = greedy_tile(c, g, x);
      trial.nest.tile[g] = x;
    }
    if (!ok) continue;
    evaluate(c, trial);
    if (!found || trial.cost.better_than(best.cost)) {
      best = trial;
      best_orders = c.order;
      found = true;
    }
  }
  c.order = best_orders;
  return found;
}

// Three starts, each refined: the greedy tiles under the orders in c.order,
// splitting inner loops first and outer loops first, and the best random
// sample. `out` carries the spatial part in and the traffic out.
bool search_mapping(Context& c, LayerMapping& out, MappingCost& cost) {
  const std::array<std::vector<Dim>, kMaxLevels> declared = c.order;
  c.inner_first = false;
  Candidate outer_first{{}, out, {}};
  const bool outer_ok = regreedy(c, outer_first.nest, 0) < 0;
  if (outer_ok) {
    evaluate(c, outer_first);
    refine(c, outer_first);
  }
  c.order = declared;
  c.inner_first = true;
  Candidate best{{}, out, {}};
  if (const int failed = regreedy(c, best.nest, 0); failed >= 0) {
    out.mappable = false;
    out.failed_level = overflow(c, failed, best.nest.tile[failed], &out.needed_words);
    return false;
  }
  evaluate(c, best);
  refine(c, best);
  if (outer_ok && outer_first.cost.better_than(best.cost)) best = outer_first;
  Candidate sampled{{}, out, {}};
  c.order = declared;
  if (c.a.mapper_samples > 0 && sample(c, sampled)) {
    refine(c, sampled);
    if (sampled.cost.better_than(best.cost)) best = sampled;
  }
  out = best.out;
  cost = best.cost;
  return true;
}

}  // namespace

void map_layer(const LayerProblem& problem, const arch::ResolvedArchitecture& arch, int dataflow,
               const std::array<bool, kTensors>& resident, LayerMapping& out, const RateEfficiency& efficiency) {
  const arch::Architecture& a = *arch.base;
  const arch::Dataflow& df = a.dataflows[static_cast<std::size_t>(dataflow)];
  const int fanouts = static_cast<int>(a.fanouts.size());
  const int levels = static_cast<int>(a.levels.size());
  const Extents& extent = problem.extent;
  out = LayerMapping{};
  for (auto& row : out.alloc) row.fill(1);

  // 1. Spatial fill.
  Extents remaining = extent;
  for (const arch::SpatialMapping& m : df.spatial) {
    const std::int64_t size = arch.fanout_size[m.fanout];
    std::int64_t used = 1;
    for (const Dim d : m.dims) {
      const std::int64_t room = size / used;
      if (room <= 1) break;
      const std::int64_t take = std::min(remaining[at(d)], room);
      if (take <= 1) continue;
      out.alloc[m.fanout][at(d)] = take;
      remaining[at(d)] = ceil_div(remaining[at(d)], take);
      used *= take;
    }
  }
  Context c{problem, arch, a, df, resident, efficiency, out.alloc};
  c.fanouts = fanouts;
  c.levels = levels;
  std::array<double, kMaxFanouts> used_elements{};
  double compute = 1.0;
  std::int64_t active_pes = 1;
  for (int f = 0; f < fanouts; ++f) {
    used_elements[f] = 1.0;
    for (int d = 0; d < kDims; ++d) used_elements[f] *= static_cast<double>(out.alloc[f][d]);
  }
  for (int d = 0; d < kDims; ++d) {
    compute *= static_cast<double>(ceil_div(extent[d], c.alloc_between(0, fanouts, d)));
    active_pes *= std::min(extent[d], c.alloc_between(0, a.pe_depth, d));
  }
  out.compute_cycles = compute;
  out.active_pes = active_pes;

  // 2. Groups of levels at one depth, and their first tiles.
  for (int l = 1; l < levels;) {
    int e = l;
    while (e < levels && a.levels[e].depth == a.levels[l].depth) c.group_of[e++] = c.groups;
    c.first[c.groups] = l;
    c.end[c.groups] = e;
    c.depth[c.groups] = a.levels[l].depth;
    c.order[c.groups] = df.orders_at(l).front();
    double n = 1.0;
    for (int f = 0; f < a.levels[l].depth; ++f) n *= used_elements[f];
    c.instances[c.groups] = n;
    ++c.groups;
    l = e;
  }
  // Multi-start: every combination of the dataflow's declared orders.
  const LayerMapping spatial = out;
  std::array<int, kMaxLevels> start{};
  bool found = false;
  MappingCost best;
  for (;;) {
    for (int g = 0; g < c.groups; ++g) c.order[g] = df.orders_at(c.first[g])[static_cast<std::size_t>(start[g])];
    LayerMapping trial = spatial;
    MappingCost cost;
    if (search_mapping(c, trial, cost) && (!found || cost.better_than(best))) {
      best = cost;
      out = trial;
      found = true;
    } else if (!found) {
      out = trial;  // keeps the failing level for the reason
    }
    int g = 0;
    while (g < c.groups && ++start[g] == static_cast<int>(df.orders_at(c.first[g]).size())) start[g++] = 0;
    if (g == c.groups) break;
  }

  // A batch can always run as its images one after another: the mapping of
  // one image, N times. Keep that when the batch search found nothing better.
  const std::int64_t batch = extent[at(Dim::kN)];
  if (batch > 1) {
    LayerProblem single = problem;
    single.extent[at(Dim::kN)] = 1;
    single.macs = problem.macs / batch;
    LayerMapping one;
    map_layer(single, arch, dataflow, resident, one, efficiency);
    if (one.mappable) {
      const double n = static_cast<double>(batch);
      one.compute_cycles *= n;
      one.dram_words *= n;
      for (int l = 0; l < levels; ++l) {
        one.access_words[l] *= n;
        one.network_words[l] *= n;
      }
      const MappingCost repeated = mapping_cost(one, arch, static_cast<double>(problem.macs), efficiency);
      if (!found || repeated.better_than(best)) out = one;
    }
  }
}

}  // namespace archex::cost
