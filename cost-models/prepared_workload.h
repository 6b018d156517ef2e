#pragma once
// The compact, per-workload summary the analytical model walks: each layer
// reduced to the loop-nest extents and tensor sizes the model uses, with
// identical layers (MobileNet's repeated blocks) merged and counted. Built
// once per workload; evaluating a config then touches only this.

#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <span>
#include <unordered_map>
#include <string>
#include <vector>

#include "workloads/layer.h"
#include "workloads/workload.h"

namespace archex::cost {

enum class LayerClass : std::uint8_t {
  kFree,    // reshape / flatten, a KV cache (its consumer streams it): no data movement
  kInput,   // the input tensor, or embedding rows, loaded from DRAM
  kMac,     // conv (incl. grouped / depthwise / transposed), fully connected, matmul
  kVector,  // pooling, add, mul, activation, batch-norm, softmax, layer-norm, reductions
  kCopy,    // concat, transpose, slice, pad, resize: data movement (resize may interpolate)
};

// The operator classes a template can declare it supports (architecture
// `supports:`), by what hardware they need. A layer's class is the most
// demanding one it needs.
enum class OperatorClass : std::uint8_t {
  kMac,      // conv / fully connected / conv-transpose: weights x activations
  kMatMul,   // activations x activations (attention), or x a KV cache
  kVector,   // element-wise lane ops: pooling, add, mul, clamps, table lookups, reductions
  kSpecial,  // needs a special-function unit: exp, erf, tanh, sqrt, reciprocal, division
  kCopy,     // data movement only (also the graph input and embedding rows)
  kNone,     // reshape views, state: nothing to run
};
inline constexpr int kOperatorClasses = 5;  // all but kNone
const char* operator_class_name(OperatorClass c);  // "mac", "matmul", "vector", "special", "copy"

// Lane-cycles of one special-function op (exp, erf, tanh, sqrt, reciprocal,
// division) relative to a lane op. NVIDIA's special-function units run 16
// such ops per clock per SM where the FP32 lanes run 64 adds / multiplies
// (CUDA C++ Programming Guide, "Arithmetic Instructions" throughput table,
// compute capability 7.x-9.0): 4 lane-cycles each.
inline constexpr std::int64_t kSpecialOpLaneCycles = 4;

struct LayerShape {
  LayerClass cls = LayerClass::kFree;
  bool weights_are_parameters = true;  // false for matmul: the right operand is an activation
  bool weights_are_state = false;      // matmul on a KV cache: streamed like weights, one per sequence
  OperatorClass op_class = OperatorClass::kNone;
  // Loop-nest extents; out_channels_total = groups x out_channels (K').
  std::int64_t groups = 1, out_channels_total = 1, in_channels = 1;  // in_channels per group (C)
  std::int64_t out_h = 1, out_w = 1, kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1;
  std::int64_t in_width = 1, in_height = 1, in_channels_total = 1;  // first input's width, height and channels
  // vector_ops: lane-cycles of element ops, special-function ops weighted by kSpecialOpLaneCycles.
  std::int64_t macs = 0, vector_ops = 0;
  // Bytes for one inference: weights (or the matmul right operand), inputs, output.
  std::int64_t weight_bytes = 0, input_bytes = 0, output_bytes = 0;
  friend bool operator==(const LayerShape&, const LayerShape&) = default;
};

struct PreparedWorkload {
  std::vector<LayerShape> shapes;            // distinct layers, in order of first appearance
  std::vector<std::int64_t> multiplicity;    // how many layers share each shape
  std::vector<std::string> first_names;      // name of each shape's first layer (for reasons)
  std::vector<std::uint32_t> layer_to_shape; // per workload layer
  int bytes_per_element = 1;
  // All parameter weights and KV caches: what stays on chip across inferences
  // when it fits (activation matmul operands excluded).
  std::int64_t parameter_weight_bytes = 0;
  std::int64_t peak_activation_bytes = 0;
  std::int64_t program_layers = 0;           // layers that need a program (all but kFree)
};

LayerShape summarize_layer(const workload::Layer& layer, int bytes_per_element);

// peak_activation_bytes <= 0 means unknown: the largest single layer's
// inputs + output is used instead.
PreparedWorkload prepare_layers(std::span<const workload::Layer> layers, int bytes_per_element,
                                std::int64_t peak_activation_bytes);

// Prepared summaries of the workloads a model has seen, keyed by the workload
// object's address and checked against a fingerprint of its contents (a
// workload destroyed and another built at the same address is not confused
// with it). Thread-safe; bounded.
class PreparedWorkloadCache {
 public:
  std::shared_ptr<const PreparedWorkload> get(const workload::Workload& workload) const;

 private:
  struct Entry {
    const void* layers_data = nullptr;
    std::size_t layer_count = 0;
    std::int64_t total_macs = 0, total_params = 0;
    int bytes_per_element = 0;
    std::string name;
    std::shared_ptr<const PreparedWorkload> prepared;
  };
  mutable std::shared_mutex mutex_;
  mutable std::unordered_map<const workload::Workload*, Entry> entries_;
};

}  // namespace archex::cost
