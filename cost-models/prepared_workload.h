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
  kFree,    // reshape / flatten: no data movement
  kInput,   // the input tensor, loaded from DRAM
  kMac,     // conv (incl. grouped / depthwise), fully connected, matmul
  kVector,  // pooling, add, mul, activation, batch-norm: element ops on the lanes
  kCopy,    // concat: data movement only
};

struct LayerShape {
  LayerClass cls = LayerClass::kFree;
  bool weights_are_parameters = true;  // false for matmul: the right operand is an activation
  // Loop-nest extents; out_channels_total = groups x out_channels (K').
  std::int64_t groups = 1, out_channels_total = 1, in_channels = 1;  // in_channels per group (C)
  std::int64_t out_h = 1, out_w = 1, kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1;
  std::int64_t in_width = 1, in_height = 1, in_channels_total = 1;  // first input's width, height and channels
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
  std::int64_t parameter_weight_bytes = 0;   // all parameter weights (matmul operands excluded)
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
