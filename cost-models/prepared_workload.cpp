#include "cost-models/prepared_workload.h"

#include <algorithm>
#include <mutex>

namespace archex::cost {

namespace {

LayerClass classify(workload::OpKind kind) {
  using workload::OpKind;
  switch (kind) {
    case OpKind::kInput:
    case OpKind::kEmbedding: return LayerClass::kInput;  // rows of a table in DRAM
    case OpKind::kConv2d:
    case OpKind::kConvTranspose:
    case OpKind::kFullyConnected:
    case OpKind::kMatMul: return LayerClass::kMac;
    case OpKind::kMaxPool:
    case OpKind::kAvgPool:
    case OpKind::kGlobalAvgPool:
    case OpKind::kAdd:
    case OpKind::kMul:
    case OpKind::kDiv:
    case OpKind::kActivation:
    case OpKind::kBatchNorm:
    case OpKind::kSoftmax:
    case OpKind::kLayerNorm:
    case OpKind::kReduceMean:
    case OpKind::kReduceSum: return LayerClass::kVector;
    case OpKind::kConcat:
    case OpKind::kCopy:
    case OpKind::kResize: return LayerClass::kCopy;
    case OpKind::kReshape:
    case OpKind::kState: return LayerClass::kFree;
  }
  return LayerClass::kFree;
}

OperatorClass operator_class(const workload::Layer& layer, LayerClass cls) {
  if (layer.special_ops > 0) return OperatorClass::kSpecial;
  switch (cls) {
    case LayerClass::kFree: return OperatorClass::kNone;
    case LayerClass::kInput:
    case LayerClass::kCopy: return layer.vector_ops > 0 ? OperatorClass::kVector : OperatorClass::kCopy;
    case LayerClass::kVector: return OperatorClass::kVector;
    case LayerClass::kMac: return layer.kind == workload::OpKind::kMatMul ? OperatorClass::kMatMul : OperatorClass::kMac;
  }
  return OperatorClass::kNone;
}

}  // namespace

const char* operator_class_name(OperatorClass c) {
  switch (c) {
    case OperatorClass::kMac: return "mac";
    case OperatorClass::kMatMul: return "matmul";
    case OperatorClass::kVector: return "vector";
    case OperatorClass::kSpecial: return "special";
    case OperatorClass::kCopy: return "copy";
    case OperatorClass::kNone: return "none";
  }
  return "?";
}

LayerShape summarize_layer(const workload::Layer& layer, int bytes_per_element) {
  const std::int64_t b = bytes_per_element;
  LayerShape s;
  s.cls = classify(layer.kind);
  s.output_bytes = layer.output_elements() * b;
  s.input_bytes = layer.input_elements() * b;
  if (!layer.inputs.empty()) {
    s.in_width = std::max<std::int64_t>(1, layer.inputs.front().w);
    s.in_height = std::max<std::int64_t>(1, layer.inputs.front().h);
    s.in_channels_total = std::max<std::int64_t>(1, layer.inputs.front().c);
  }
  s.op_class = operator_class(layer, s.cls);
  s.vector_ops = layer.vector_ops + (kSpecialOpLaneCycles - 1) * layer.special_ops;
  if (s.cls != LayerClass::kMac) return s;

  const workload::LoopNest& l = layer.loops;
  s.groups = l.groups;
  s.out_channels_total = l.groups * l.out_channels;
  s.in_channels = l.in_channels;
  s.out_h = l.out_h;
  s.out_w = l.out_w;
  s.kernel_h = l.kernel_h;
  s.kernel_w = l.kernel_w;
  s.stride_h = std::max<std::int64_t>(1, l.stride_h);
  s.stride_w = std::max<std::int64_t>(1, l.stride_w);
  s.macs = l.macs();
  s.vector_ops = 0;  // fused post-ops ride the output pipeline
  if (layer.kind == workload::OpKind::kMatMul && layer.inputs.size() >= 2) {
    s.weights_are_parameters = false;
    s.weights_are_state = layer.state_operand;
    s.weight_bytes = layer.inputs[1].elements() * b;
    s.input_bytes = layer.inputs[0].elements() * b;
  } else {
    s.weight_bytes = layer.params * b;
  }
  return s;
}

PreparedWorkload prepare_layers(std::span<const workload::Layer> layers, int bytes_per_element,
                                std::int64_t peak_activation_bytes) {
  PreparedWorkload p;
  p.bytes_per_element = bytes_per_element;
  p.layer_to_shape.reserve(layers.size());
  std::int64_t largest_layer = 0;
  for (const workload::Layer& layer : layers) {
    const LayerShape s = summarize_layer(layer, bytes_per_element);
    if (s.cls == LayerClass::kMac && (s.weights_are_parameters || s.weights_are_state))
      p.parameter_weight_bytes += s.weight_bytes;
    if (s.cls != LayerClass::kFree) ++p.program_layers;
    largest_layer = std::max(largest_layer, s.input_bytes + s.output_bytes);
    const auto it = std::find(p.shapes.begin(), p.shapes.end(), s);
    if (it != p.shapes.end()) {
      const auto index = static_cast<std::size_t>(it - p.shapes.begin());
      ++p.multiplicity[index];
      p.layer_to_shape.push_back(static_cast<std::uint32_t>(index));
    } else {
      p.layer_to_shape.push_back(static_cast<std::uint32_t>(p.shapes.size()));
      p.shapes.push_back(s);
      p.multiplicity.push_back(1);
      p.first_names.push_back(layer.name);
    }
  }
  p.peak_activation_bytes = peak_activation_bytes > 0 ? peak_activation_bytes : largest_layer;
  return p;
}

std::shared_ptr<const PreparedWorkload> PreparedWorkloadCache::get(const workload::Workload& workload) const {
  constexpr std::size_t kMaxCachedWorkloads = 64;
  const auto layers = workload.layers();
  {
    std::shared_lock lock(mutex_);
    const auto it = entries_.find(&workload);
    if (it != entries_.end()) {
      const Entry& e = it->second;
      if (e.layers_data == layers.data() && e.layer_count == layers.size() &&
          e.total_macs == workload.total_macs() && e.total_params == workload.total_params() &&
          e.bytes_per_element == workload.bytes_per_element() && e.name == workload.name())
        return e.prepared;
    }
  }
  auto prepared = std::make_shared<const PreparedWorkload>(
      prepare_layers(layers, workload.bytes_per_element(), workload.peak_activation_bytes()));
  std::unique_lock lock(mutex_);
  if (entries_.size() >= kMaxCachedWorkloads) entries_.clear();
  entries_[&workload] = Entry{layers.data(), layers.size(), workload.total_macs(), workload.total_params(),
                              workload.bytes_per_element(), workload.name(), prepared};
  return prepared;
}

}  // namespace archex::cost
