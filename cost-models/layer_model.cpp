#include "cost-models/layer_model.h"

#include <algorithm>

namespace archex::cost {

namespace {

inline std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// DRAM traffic of a layer: weights streamed through the parameter memory,
// spilled activations through the activation memory, and the layer program
// when the instruction memory cannot hold all programs. Each staging-buffer
// fill (half the buffer: double buffering) costs a fixed latency.
void add_dram(const HardwareView& hw, std::int64_t weight_bytes, std::int64_t activation_bytes,
              Candidate& c) {
  const std::int64_t program = hw.programs_cached ? 0 : hw.program_bytes;
  const std::int64_t chunks = ceil_div(weight_bytes, std::max<std::int64_t>(1, hw.parameter_memory / 2)) +
                              ceil_div(activation_bytes, std::max<std::int64_t>(1, hw.activation_memory / 2)) +
                              (program > 0 ? 1 : 0);
  c.dram_bytes = weight_bytes + activation_bytes + program;
  c.dram = static_cast<double>(c.dram_bytes) / hw.dram_bytes_per_cycle +
           static_cast<double>(chunks) * hw.dram_chunk_overhead_cycles;
}

// An activation operand of a matmul is live next to its inputs and output;
// weights and KV caches stream through the parameter memory.
bool activation_operand(const LayerShape& s) { return !s.weights_are_parameters && !s.weights_are_state; }

bool spills(const LayerShape& s, const HardwareView& hw) {
  const std::int64_t live = s.input_bytes + s.output_bytes + (activation_operand(s) ? s.weight_bytes : 0);
  return live > hw.onchip_activation_capacity;
}

// Element-wise, copy and input layers: one candidate.
void cost_simple_layer(const LayerShape& s, const HardwareView& hw, LayerCandidates& out) {
  out.count = 1;
  Candidate& c = out.candidates[0];
  c = Candidate{};
  if (s.cls == LayerClass::kInput) {  // the input tensor arrives over the I/O link
    add_dram(hw, 0, s.output_bytes, c);
    return;
  }
  const std::int64_t port_bytes = hw.pes * hw.lanes * hw.bytes_per_element;
  c.compute = static_cast<double>(ceil_div(s.vector_ops, hw.peak_macs_per_cycle));
  c.onchip_bytes = static_cast<double>(s.input_bytes + s.output_bytes);
  c.onchip = c.onchip_bytes / static_cast<double>(port_bytes);
  add_dram(hw, 0, spills(s, hw) ? s.input_bytes + s.output_bytes : 0, c);
}

}  // namespace

const char* dataflow_name(Dataflow dataflow) {
  switch (dataflow) {
    case Dataflow::kWeightStationary: return "weight-stationary";
    case Dataflow::kChannelParallel: return "channel-parallel";
    case Dataflow::kOutputStationary: return "output-stationary";
    case Dataflow::kRowStationary: return "row-stationary";
  }
  return "?";
}

HardwareView make_hardware_view(const arch::Hardware& hw, const arch::TechConstants& constants,
                                const AnalyticalOptions& options, const PreparedWorkload& workload) {
  HardwareView v;
  v.pes = hw.pes();
  v.cores_per_pe = hw.cores_per_pe;
  v.lanes = hw.lanes_per_core;
  v.peak_macs_per_cycle = hw.lanes();
  v.core_memory = hw.core_memory;
  v.pe_memory = hw.pe_memory;
  v.parameter_memory = hw.parameter_memory;
  v.activation_memory = hw.activation_memory;
  v.accumulator_bytes = constants.accumulator_bits / 8;
  v.core_capacity = hw.core_memory - hw.lanes_per_core * v.accumulator_bytes;
  v.bytes_per_element = workload.bytes_per_element;
  v.dram_bytes_per_cycle = static_cast<double>(hw.io_bandwidth) / constants.clock_ghz;
  v.dram_chunk_overhead_cycles = options.dram_chunk_overhead_cycles;
  // Parameter caching (as the Edge TPU compiler does): when all weights and
  // the peak live activations fit the PE memories together, weights are
  // loaded once and never re-streamed. Then every layer's activations fit too
  // (a layer's inputs + output are live at once, so <= the peak).
  const std::int64_t total_pe_memory = v.pes * hw.pe_memory;
  v.weights_cached = workload.parameter_weight_bytes + workload.peak_activation_bytes <= total_pe_memory;
  v.onchip_activation_capacity = total_pe_memory - (v.weights_cached ? workload.parameter_weight_bytes : 0);
  v.program_bytes = options.instructions_per_layer * options.instruction_bytes;
  v.programs_cached = workload.program_layers * v.program_bytes <= hw.instruction_memory;
  return v;
}

void cost_layer(const LayerShape& s, const HardwareView& hw, LayerCandidates& out) {
  out.failure = MapFailure::kNone;
  out.needed_bytes = 0;
  out.free = s.cls == LayerClass::kFree;
  if (out.free) {
    out.count = 1;
    out.candidates[0] = Candidate{};
    return;
  }
  const bool spilled = spills(s, hw);
  if (spilled) {
    // A spilled layer streams its input through the activation memory at
    // least one input row (all channels) at a time.
    const std::int64_t row = s.in_width * s.in_channels_total * hw.bytes_per_element;
    if (row > hw.activation_memory) {
      out.count = 0;
      out.failure = MapFailure::kActivationMemory;
      out.needed_bytes = row;
      return;
    }
  }
  if (s.cls != LayerClass::kMac) {
    cost_simple_layer(s, hw, out);
    return;
  }

  const std::int64_t np = hw.pes, nc = hw.cores_per_pe, lanes = hw.lanes;
  const std::int64_t kp = s.out_channels_total, c = s.in_channels, p = s.out_h, q = s.out_w;
  const std::int64_t r = s.kernel_h, sw = s.kernel_w;
  const std::int64_t b = hw.bytes_per_element;
  const double w = static_cast<double>(s.weight_bytes);
  const double in = static_cast<double>(s.input_bytes);
  const double o = static_cast<double>(s.output_bytes);
  const std::int64_t cap = hw.core_capacity;

  // Each PE needs R input rows of all its groups' channels (the line buffer).
  const std::int64_t groups_per_pe_divisor = std::min(s.groups, np);
  const std::int64_t line_buffer = r * s.in_width * ceil_div(s.in_channels_total, groups_per_pe_divisor) * b;
  if (line_buffer > hw.pe_memory) {
    out.count = 0;
    out.failure = MapFailure::kPeMemory;
    out.needed_bytes = line_buffer;
    return;
  }

  // Weights and a KV cache are re-read from DRAM every inference unless all
  // of them stay on chip; an activation operand spills with the activations.
  const std::int64_t weight_dram = !activation_operand(s) && !hw.weights_cached ? s.weight_bytes : 0;
  const std::int64_t matmul_operand = activation_operand(s) ? s.weight_bytes : 0;
  // Inputs of G groups spread over `active` PEs: each PE reads its groups' share.
  auto input_replication = [&](std::int64_t active) {
    return static_cast<double>(active) / static_cast<double>(std::min(s.groups, active));
  };
  // Common tail: on-chip time over the active PEs' memory ports (one lane
  // vector per cycle each), DRAM traffic (inputs re-read `input_passes` times
  // when they spill).
  auto finish = [&](Candidate& cd, std::int64_t compute, double onchip_bytes, std::int64_t active,
                    std::int64_t input_passes) {
    cd.compute = static_cast<double>(compute);
    cd.onchip_bytes = onchip_bytes;
    cd.onchip = onchip_bytes / static_cast<double>(active * lanes * b);
    add_dram(hw, weight_dram, spilled ? s.input_bytes * input_passes + s.output_bytes + matmul_operand : 0, cd);
  };
  out.count = kDataflows;
  for (Candidate& cd : out.candidates) cd = Candidate{};

  {  // weight-stationary: lanes <- C, cores <- K', PEs <- P*Q (weights multicast to every PE)
    Candidate& cd = out.candidates[static_cast<int>(Dataflow::kWeightStationary)];
    cd.mappable = cap >= lanes * r * sw * b;
    if (cd.mappable) {
      const std::int64_t pq = p * q;
      const std::int64_t active = std::min(np, pq);
      const std::int64_t passes =
          std::max<std::int64_t>(1, ceil_div(ceil_div(s.weight_bytes, std::min(kp, nc)), cap));
      finish(cd, ceil_div(c, lanes) * ceil_div(kp, nc) * ceil_div(pq, np) * r * sw,
             w * static_cast<double>(active) + in * static_cast<double>(passes) + o, active, passes);
    }
  }
  {  // channel-parallel: lanes <- C, cores x PEs <- K' (inputs multicast to every PE)
    Candidate& cd = out.candidates[static_cast<int>(Dataflow::kChannelParallel)];
    cd.mappable = cap >= lanes * r * sw * b;
    if (cd.mappable) {
      const std::int64_t active = std::min(np, ceil_div(kp, nc));
      const std::int64_t slices = std::min(kp, nc * np);
      const std::int64_t passes = std::max<std::int64_t>(1, ceil_div(ceil_div(s.weight_bytes, slices), cap));
      finish(cd, ceil_div(c, lanes) * ceil_div(kp, nc * np) * p * q * r * sw,
             w + in * input_replication(active) * static_cast<double>(passes) + o, active, passes);
    }
  }
  {  // output-stationary: lanes <- Q, cores <- P, PEs <- K'
    Candidate& cd = out.candidates[static_cast<int>(Dataflow::kOutputStationary)];
    cd.mappable = cap >= r * sw * b;
    if (cd.mappable) {
      const std::int64_t active = std::min(np, kp);
      const std::int64_t tiles = ceil_div(q, lanes) * ceil_div(p, nc);
      const bool fits = ceil_div(s.weight_bytes, active) <= cap;
      // Each core reads the R input rows of its own output row.
      const double halo = std::max(1.0, static_cast<double>(r) / static_cast<double>(s.stride_h));
      finish(cd, tiles * ceil_div(kp, np) * c * r * sw,
             w * static_cast<double>(fits ? 1 : tiles) + in * input_replication(active) * halo + o, active, 1);
    }
  }
  {  // row-stationary: lanes <- Q, cores <- R, PEs <- K'
    Candidate& cd = out.candidates[static_cast<int>(Dataflow::kRowStationary)];
    cd.mappable = cap >= sw * b;
    if (cd.mappable) {
      const std::int64_t active = std::min(np, kp);
      const std::int64_t tiles = ceil_div(q, lanes) * p;
      const bool fits = ceil_div(s.weight_bytes, active * std::min(r, nc)) <= cap;
      finish(cd, ceil_div(q, lanes) * ceil_div(r, nc) * ceil_div(kp, np) * p * c * sw,
             w * static_cast<double>(fits ? 1 : tiles) + in * input_replication(active) + o, active, 1);
    }
  }
  // Row-stationary needs the least core memory (one filter row); if even that
  // does not fit next to the accumulators, nothing does.
  if (!out.candidates[static_cast<int>(Dataflow::kRowStationary)].mappable) {
    out.failure = MapFailure::kCoreMemory;
    out.needed_bytes = sw * b + lanes * hw.accumulator_bytes;
  }
}

}  // namespace archex::cost
