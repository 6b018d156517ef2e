#include "workloads/workload_json.h"

#include "workloads/op_names.h"

namespace archex::workload {
namespace {

nlohmann::ordered_json shape_json(const TensorShape& s) { return {s.c, s.h, s.w}; }

nlohmann::ordered_json layer_json(const Workload& w, std::size_t i) {
  const Layer& l = w.layers()[i];
  nlohmann::ordered_json inputs = nlohmann::ordered_json::array(), input_shapes = nlohmann::ordered_json::array();
  for (std::size_t k = 0; k < l.inputs.size(); ++k) {
    inputs.push_back(w.layers()[w.predecessors()[i][k]].name);
    input_shapes.push_back(shape_json(l.inputs[k]));
  }
  const LoopNest& n = l.loops;
  return {
      {"name", l.name},
      {"op", op_kind_name(l.kind)},
      {"activation", activation_name(l.activation)},
      {"inputs", inputs},
      {"input_shapes", input_shapes},
      {"output", shape_json(l.output)},
      {"macs", l.macs},
      {"params", l.params},
      {"vector_ops", l.vector_ops},
      {"special_ops", l.special_ops},
      {"loops",
       {{"groups", n.groups}, {"out_channels", n.out_channels}, {"in_channels", n.in_channels},
        {"out_h", n.out_h}, {"out_w", n.out_w}, {"kernel_h", n.kernel_h}, {"kernel_w", n.kernel_w},
        {"stride_h", n.stride_h}, {"stride_w", n.stride_w}, {"dilation_h", n.dilation_h},
        {"dilation_w", n.dilation_w}}},
      {"padding", {l.pad_top, l.pad_bottom, l.pad_left, l.pad_right}},
  };
}

}  // namespace

nlohmann::ordered_json workload_to_json(const Workload& workload) {
  nlohmann::ordered_json layers = nlohmann::ordered_json::array();
  std::int64_t vector_ops = 0, special_ops = 0;
  for (std::size_t i = 0; i < workload.layers().size(); ++i) {
    layers.push_back(layer_json(workload, i));
    vector_ops += workload.layers()[i].vector_ops;
    special_ops += workload.layers()[i].special_ops;
  }
  return {
      {"name", workload.name()},
      {"bytes_per_element", workload.bytes_per_element()},
      {"layer_count", workload.layers().size()},
      {"macs", workload.total_macs()},
      {"params", workload.total_params()},
      {"vector_ops", vector_ops},
      {"special_ops", special_ops},
      {"weight_bytes", workload.weight_bytes()},
      {"peak_activation_bytes", workload.peak_activation_bytes()},
      {"layers", layers},
  };
}

}  // namespace archex::workload
