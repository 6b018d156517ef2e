// ONNX model -> layer specs -> Workload. See onnx_import.h for what maps to what.

#include "workloads/onnx_import.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include <onnx/defs/schema.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include "workloads/layer_arithmetic.h"
#include "workloads/onnx_tensors.h"
#include "workloads/registry.h"
#include "workloads/workload_builder.h"

namespace archex::workload {
namespace {

using namespace onnx_detail;
using Node = onnx::NodeProto;

const onnx::AttributeProto* find_attribute(const Node& node, const char* name) {
  for (const auto& a : node.attribute())
    if (a.name() == name) return &a;
  return nullptr;
}

std::int64_t int_attribute(const Node& node, const char* name, std::int64_t fallback) {
  const auto* a = find_attribute(node, name);
  return a ? a->i() : fallback;
}

std::vector<std::int64_t> ints_attribute(const Node& node, const char* name) {
  const auto* a = find_attribute(node, name);
  if (!a) return {};
  return {a->ints().begin(), a->ints().end()};
}

std::string string_attribute(const Node& node, const char* name) {
  const auto* a = find_attribute(node, name);
  return a ? a->s() : "";
}

bool has_input(const Node& node, int i) { return node.input_size() > i && !node.input(i).empty(); }

// Ops that hand their input on unchanged at inference: their output is their input's layer.
const std::unordered_set<std::string> kPassThrough = {"Identity", "Dropout", "Cast"};
// Ops that change how a tensor is viewed: a reshape layer when the (c, h, w)
// shape changes (Transpose of a token matrix, Flatten of a feature map), else pass-through.
const std::unordered_set<std::string> kViews = {"Flatten", "Reshape", "Transpose", "Squeeze", "Unsqueeze"};
// Ops that select, pad or rearrange part of an activation tensor: not modelled.
const std::unordered_set<std::string> kDataMovement = {"Gather", "Slice", "Split", "Pad", "Tile",
                                                       "Expand", "Resize", "Upsample", "DepthToSpace",
                                                       "SpaceToDepth"};

class Importer {
 public:
  Importer(std::string source, OnnxImportOptions options)
      : source_(std::move(source)), options_(std::move(options)), builder_(options_.name) {}

  Workload run(onnx::ModelProto& model);

 private:
  [[noreturn]] void fail(const Node& node, const std::string& what) const {
    const std::string name = node.name().empty() ? node.output_size() ? node.output(0) : "?" : node.name();
    throw WorkloadError(source_ + ": node '" + name + "' (" + node.op_type() + "): " + what);
  }

  void read_graph_inputs(onnx::GraphProto& graph);
  void record_dims(const onnx::GraphProto& graph);
  void translate(const Node& node);

  std::string unique_name(const Node& node);
  void emit(const Node& node, LayerSpec spec);
  void alias(const Node& node, const std::string& layer) { layer_of_[node.output(0)] = layer; }

  std::vector<std::int64_t> dims_of(const std::string& value) const;
  const onnx::TensorProto* constant(const std::string& value) const {
    auto it = constants_.find(value);
    return it == constants_.end() ? nullptr : it->second;
  }
  const onnx::TensorProto& weight(const Node& node, int input, std::size_t rank) const;
  void window_attributes(const Node& node, LayerSpec& s) const;

  void conv(const Node& node, const std::string& in);
  void gemm(const Node& node, const std::string& in);
  void matmul(const Node& node, const std::vector<std::string>& acts);
  void pool(const Node& node, OpKind kind, const std::string& in);
  void reduce_mean(const Node& node, const std::string& in);
  void elementwise(const Node& node, OpKind kind, const std::vector<std::string>& acts);
  void concat(const Node& node, const std::vector<std::string>& acts);
  void clip(const Node& node, const std::string& in);
  void reshape(const Node& node, const std::string& in);
  void simple(const Node& node, OpKind kind, const std::string& in,
              ActivationKind act = ActivationKind::kNone);

  std::string source_;
  OnnxImportOptions options_;
  WorkloadBuilder builder_;
  std::unordered_map<std::string, const onnx::TensorProto*> constants_;  // initializers, Constant outputs
  std::unordered_map<std::string, std::vector<std::int64_t>> dims_;       // every value with a known shape
  std::unordered_map<std::string, std::string> layer_of_;                 // activation value -> layer
  std::unordered_set<std::string> meta_;         // values computed from constants / shapes only
  std::unordered_set<std::string> layer_names_;
  std::vector<std::pair<std::string, std::string>> shape_checks_;  // layer, ONNX value
};

std::vector<std::int64_t> Importer::dims_of(const std::string& value) const {
  if (const auto* t = constant(value)) return tensor_dims(*t);
  auto it = dims_.find(value);
  return it == dims_.end() ? std::vector<std::int64_t>{} : it->second;
}

const onnx::TensorProto& Importer::weight(const Node& node, int input, std::size_t rank) const {
  const auto* t = has_input(node, input) ? constant(node.input(input)) : nullptr;
  if (!t) fail(node, "input " + std::to_string(input + 1) + " must be a constant (initializer) weight tensor");
  if (t->dims_size() != static_cast<int>(rank))
    fail(node, "weight '" + t->name() + "' has " + std::to_string(t->dims_size()) + " dims, expected " +
                   std::to_string(rank) + " (only 2-D convolutions and matrix products are supported)");
  return *t;
}

std::string Importer::unique_name(const Node& node) {
  std::string base = !node.name().empty() ? node.name() : node.output(0);
  std::string name = base;
  for (int i = 2; layer_names_.count(name); ++i) name = base + "_" + std::to_string(i);
  layer_names_.insert(name);
  return name;
}

void Importer::emit(const Node& node, LayerSpec spec) {
  spec.name = unique_name(node);
  shape_checks_.emplace_back(spec.name, node.output(0));
  alias(node, builder_.add(std::move(spec)));
}

void Importer::simple(const Node& node, OpKind kind, const std::string& in, ActivationKind act) {
  LayerSpec s;
  s.kind = kind;
  s.inputs = {in};
  s.activation = act;
  emit(node, std::move(s));
}

// strides, dilations, pads ([top, left, bottom, right]) and auto_pad of Conv / pools.
void Importer::window_attributes(const Node& node, LayerSpec& s) const {
  const auto strides = ints_attribute(node, "strides");
  const auto dilations = ints_attribute(node, "dilations");
  const auto pads = ints_attribute(node, "pads");
  if ((!strides.empty() && strides.size() != 2) || (!dilations.empty() && dilations.size() != 2) ||
      (!pads.empty() && pads.size() != 4))
    fail(node, "only 2-D windows are supported (strides / dilations / pads of the wrong length)");
  if (!strides.empty()) std::tie(s.stride_h, s.stride_w) = std::pair{strides[0], strides[1]};
  if (!dilations.empty()) std::tie(s.dilation_h, s.dilation_w) = std::pair{dilations[0], dilations[1]};
  if (!pads.empty()) s.padding = {pads[0], pads[2], pads[1], pads[3]};
  const std::string auto_pad = string_attribute(node, "auto_pad");
  if (auto_pad == "SAME_UPPER") {
    s.same_padding = true;
  } else if (auto_pad == "VALID") {
    s.padding = {};
  } else if (auto_pad == "SAME_LOWER") {
    // Like SAME_UPPER with the odd pixel first; needs the input size.
    const auto in = dims_of(node.input(0));
    if (in.size() != 4 || in[2] < 1 || in[3] < 1) fail(node, "auto_pad SAME_LOWER needs a known input size");
    auto total = [](std::int64_t size, std::int64_t k, std::int64_t stride, std::int64_t dilation) {
      const std::int64_t out = (size + stride - 1) / stride;
      return std::max<std::int64_t>((out - 1) * stride + dilation * (k - 1) + 1 - size, 0);
    };
    const std::int64_t th = total(in[2], s.kernel_h, s.stride_h, s.dilation_h);
    const std::int64_t tw = total(in[3], s.kernel_w, s.stride_w, s.dilation_w);
    s.padding = {th - th / 2, th / 2, tw - tw / 2, tw / 2};
  } else if (!auto_pad.empty() && auto_pad != "NOTSET") {
    fail(node, "unknown auto_pad '" + auto_pad + "'");
  }
}

void Importer::conv(const Node& node, const std::string& in) {
  const onnx::TensorProto& w = weight(node, 1, 4);  // [M, C / group, kH, kW]
  LayerSpec s;
  s.kind = OpKind::kConv2d;
  s.inputs = {in};
  s.groups = int_attribute(node, "group", 1);
  s.out_channels = w.dims(0);
  s.in_channels = w.dims(1) * s.groups;
  s.kernel_h = w.dims(2);
  s.kernel_w = w.dims(3);
  s.bias = has_input(node, 2);
  window_attributes(node, s);
  emit(node, std::move(s));
}

void Importer::gemm(const Node& node, const std::string& in) {
  if (int_attribute(node, "transA", 0) != 0) fail(node, "transA = 1 is not supported");
  const onnx::TensorProto& b = weight(node, 1, 2);
  const bool transposed = int_attribute(node, "transB", 0) != 0;
  LayerSpec s;
  s.kind = OpKind::kFullyConnected;
  s.inputs = {in};
  s.out_channels = transposed ? b.dims(0) : b.dims(1);
  s.in_channels = transposed ? b.dims(1) : b.dims(0);
  if (has_input(node, 2)) {
    const auto c = dims_of(node.input(2));
    if (layer_of_.count(node.input(2)) || element_count(c) != s.out_channels)
      fail(node, "bias C must be a constant with one value per output feature");
    s.bias = true;
  }
  emit(node, std::move(s));
}

void Importer::matmul(const Node& node, const std::vector<std::string>& acts) {
  for (int i = 0; i < 2; ++i)
    if (dims_of(node.input(i)).size() > 3) fail(node, "batched (4-D or more) matrix products are not supported");
  if (acts.size() == 2) {
    LayerSpec s;
    s.kind = OpKind::kMatMul;
    s.inputs = acts;
    emit(node, std::move(s));
    return;
  }
  if (!layer_of_.count(node.input(0))) fail(node, "a constant left operand is not supported");
  const onnx::TensorProto& b = weight(node, 1, 2);  // [C, K]
  const auto a = to_tensor_shape(dims_of(node.input(0)));
  LayerSpec s;
  s.inputs = acts;
  if (a && a->h * a->w > 1) {
    // A weight applied to each of M rows: a 1x1 convolution over M positions.
    s.kind = OpKind::kConv2d;
  } else {
    s.kind = OpKind::kFullyConnected;
  }
  s.out_channels = b.dims(1);
  s.in_channels = b.dims(0);
  emit(node, std::move(s));
}

void Importer::pool(const Node& node, OpKind kind, const std::string& in) {
  LayerSpec s;
  s.kind = kind;
  s.inputs = {in};
  if (node.op_type() == "GlobalMaxPool") {
    const auto d = dims_of(node.input(0));
    if (d.size() != 4 || d[2] < 1 || d[3] < 1) fail(node, "needs a known 4-D input shape");
    s.kernel_h = d[2];
    s.kernel_w = d[3];
  } else {
    const auto kernel = ints_attribute(node, "kernel_shape");
    if (kernel.size() != 2) fail(node, "kernel_shape must have 2 entries");
    s.kernel_h = kernel[0];
    s.kernel_w = kernel[1];
    s.ceil_mode = int_attribute(node, "ceil_mode", 0) != 0;
    window_attributes(node, s);
  }
  emit(node, std::move(s));
}

void Importer::reduce_mean(const Node& node, const std::string& in) {
  auto axes = ints_attribute(node, "axes");
  if (axes.empty() && has_input(node, 1)) {  // opset 18: axes as an input
    if (const auto* t = constant(node.input(1)))
      if (auto v = tensor_values(*t)) axes.assign(v->begin(), v->end());
  }
  const auto rank = static_cast<std::int64_t>(dims_of(node.input(0)).size());
  for (auto& a : axes)
    if (a < 0) a += rank;
  std::sort(axes.begin(), axes.end());
  if (rank != 4 || axes != std::vector<std::int64_t>{2, 3})
    fail(node, "only a mean over the spatial axes (2, 3) of a 4-D tensor is supported");
  simple(node, OpKind::kGlobalAvgPool, in);
}

void Importer::elementwise(const Node& node, OpKind kind, const std::vector<std::string>& acts) {
  LayerSpec s;
  s.kind = kind;
  s.inputs = acts;
  for (const auto& input : node.input()) {
    if (input.empty() || layer_of_.count(input)) continue;
    const std::int64_t n = element_count(dims_of(input));
    if (n > 1) s.constant_elements += n;  // a bias / scale tensor; a scalar is an immediate
  }
  emit(node, std::move(s));
}

void Importer::concat(const Node& node, const std::vector<std::string>& acts) {
  if (static_cast<int>(acts.size()) != node.input_size())
    fail(node, "concatenating activations with constants is not supported");
  const auto rank = static_cast<std::int64_t>(dims_of(node.input(0)).size());
  std::int64_t axis = int_attribute(node, "axis", 1);
  if (axis < 0) axis += rank;
  const std::int64_t channel_axis = rank == 3 ? 2 : 1;
  if (axis != channel_axis) fail(node, "only concatenation along channels is supported");
  LayerSpec s;
  s.kind = OpKind::kConcat;
  s.inputs = acts;
  emit(node, std::move(s));
}

// Clip(0, 6) is ReLU6 and Clip(0, inf) ReLU; other bounds are a clamp, which
// costs what ReLU6 costs (one op per element).
void Importer::clip(const Node& node, const std::string& in) {
  auto bound = [&](int input, const char* attribute) -> std::optional<double> {
    if (const auto* a = find_attribute(node, attribute)) return a->f();  // opset < 11
    if (!has_input(node, input)) return std::nullopt;
    const auto* t = constant(node.input(input));
    const auto v = t ? tensor_values(*t) : std::nullopt;
    if (!v || v->size() != 1) return std::nullopt;
    return v->front();
  };
  const auto low = bound(1, "min"), high = bound(2, "max");
  const bool unbounded_above = !high || *high >= std::numeric_limits<float>::max();
  const bool relu = low && *low == 0.0 && unbounded_above;
  simple(node, OpKind::kActivation, in, relu ? ActivationKind::kRelu : ActivationKind::kRelu6);
}

void Importer::reshape(const Node& node, const std::string& in) {
  const auto in_dims = dims_of(node.input(0));
  std::optional<TensorShape> target = to_tensor_shape(dims_of(node.output(0)));  // shape inference
  std::vector<std::int64_t> out_dims = dims_of(node.output(0));
  if (!target && node.op_type() == "Flatten" && element_count(in_dims) > 0) {
    const auto rank = static_cast<std::int64_t>(in_dims.size());
    std::int64_t axis = int_attribute(node, "axis", 1);
    if (axis < 0) axis += rank;
    axis = std::clamp<std::int64_t>(axis, 0, rank);
    out_dims = {element_count({in_dims.begin(), in_dims.begin() + axis}),
                element_count({in_dims.begin() + axis, in_dims.end()})};
    target = to_tensor_shape(out_dims);
  }
  const bool flattens = node.op_type() == "Reshape" || node.op_type() == "Flatten";
  if (!target && (out_dims.size() > 4 || !flattens)) {  // e.g. a 5-D channel shuffle
    alias(node, in);
    return;
  }
  const auto in_shape = to_tensor_shape(in_dims);
  // Unknown target (a shape computed at run time): flatten per sample, the
  // common case (x.view(x.size(0), -1)); a wrong guess fails the consumer's check.
  if (!target && in_shape) target = TensorShape{in_shape->elements(), 1, 1};
  if (target && in_shape && *target == *in_shape) {
    alias(node, in);
    return;
  }
  LayerSpec s;
  s.kind = OpKind::kReshape;
  s.inputs = {in};
  s.shape = target.value_or(TensorShape{0, 1, 1});  // c == 0: flatten
  emit(node, std::move(s));
}

void Importer::translate(const Node& node) {
  const std::string& op = node.op_type();
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    fail(node, "operator domain '" + node.domain() + "' is not supported");
  if (node.output_size() == 0) fail(node, "has no output");

  std::vector<std::string> acts;  // layers feeding this node
  for (const auto& input : node.input()) {
    if (input.empty()) continue;
    if (auto it = layer_of_.find(input); it != layer_of_.end()) {
      acts.push_back(it->second);
    } else if (!constants_.count(input) && !meta_.count(input)) {
      fail(node, "input '" + input + "' is not produced by any earlier node, initializer or graph input");
    }
  }
  if (op == "Constant") {
    if (const auto* value = find_attribute(node, "value")) constants_[node.output(0)] = &value->t();
    else meta_.insert(node.output(0));
    return;
  }
  if (acts.empty() || op == "Shape" || op == "Size") {  // shape arithmetic, no activation data
    for (const auto& out : node.output()) meta_.insert(out);
    return;
  }
  const std::string& x = acts.front();
  if (op == "Conv") conv(node, x);
  else if (op == "Gemm") gemm(node, x);
  else if (op == "MatMul") matmul(node, acts);
  else if (op == "MaxPool" || op == "GlobalMaxPool") pool(node, OpKind::kMaxPool, x);
  else if (op == "AveragePool") pool(node, OpKind::kAvgPool, x);
  else if (op == "GlobalAveragePool") simple(node, OpKind::kGlobalAvgPool, x);
  else if (op == "ReduceMean") reduce_mean(node, x);
  else if (op == "Add" || op == "Sub" || op == "Sum") elementwise(node, OpKind::kAdd, acts);
  else if (op == "Mul" || op == "Div") elementwise(node, OpKind::kMul, acts);
  else if (op == "Concat") concat(node, acts);
  else if (op == "Relu") simple(node, OpKind::kActivation, x, ActivationKind::kRelu);
  else if (op == "Clip") clip(node, x);
  else if (op == "Sigmoid") simple(node, OpKind::kActivation, x, ActivationKind::kSigmoid);
  else if (op == "HardSigmoid") simple(node, OpKind::kActivation, x, ActivationKind::kHardSigmoid);
  else if (op == "HardSwish") simple(node, OpKind::kActivation, x, ActivationKind::kHardSwish);
  else if (op == "BatchNormalization") simple(node, OpKind::kBatchNorm, x);
  else if (kViews.count(op)) reshape(node, x);
  else if (kPassThrough.count(op)) alias(node, x);
  else if (kDataMovement.count(op)) fail(node, "selecting or rearranging part of an activation tensor is not supported");
  else fail(node, "operator computes on activations but is not supported");
}

void Importer::read_graph_inputs(onnx::GraphProto& graph) {
  for (const auto& t : graph.initializer()) constants_[t.name()] = &t;
  for (auto& input : *graph.mutable_input()) {
    if (constants_.count(input.name())) continue;  // an initializer listed as input (old exports)
    auto* shape = input.mutable_type()->mutable_tensor_type()->mutable_shape();
    if (shape->dim_size() >= 2) shape->mutable_dim(0)->set_dim_value(1);  // batch 1
    const auto dims = type_dims(input.type()).value_or(std::vector<std::int64_t>{});
    const auto tensor = to_tensor_shape(dims);
    if (!tensor)
      throw WorkloadError(source_ + ": graph input '" + input.name() +
                          "' needs a fixed shape of rank 1 to 4 (export with a fixed input size)");
    LayerSpec s;
    s.name = input.name();
    s.kind = OpKind::kInput;
    s.shape = *tensor;
    layer_names_.insert(s.name);
    layer_of_[input.name()] = builder_.add(std::move(s));
  }
}

void Importer::record_dims(const onnx::GraphProto& graph) {
  auto record = [&](const onnx::ValueInfoProto& v) {
    if (auto dims = type_dims(v.type())) dims_[v.name()] = *dims;
  };
  for (const auto& v : graph.input()) record(v);
  for (const auto& v : graph.value_info()) record(v);
  for (const auto& v : graph.output()) record(v);
}

// ONNX shape inference divides by strides and dilations without checking
// them (a zero stride is SIGFPE): window attributes are checked first.
void check_window_attributes(const onnx::GraphProto& graph, const std::string& source) {
  for (const Node& node : graph.node()) {
    for (const auto& attr : node.attribute()) {
      const std::string& name = attr.name();
      const bool positive = name == "strides" || name == "dilations" || name == "kernel_shape";
      if (!positive && name != "pads") continue;
      for (const std::int64_t v : attr.ints())
        if (v < (positive ? 1 : 0))
          throw WorkloadError(source + ": node '" + node.name() + "' (" + node.op_type() + "): attribute '" + name +
                              "' must be " + (positive ? ">= 1" : ">= 0") + ", got " + std::to_string(v));
    }
  }
}

Workload Importer::run(onnx::ModelProto& model) {
  if (!model.has_graph() || model.graph().node_size() == 0)
    throw WorkloadError(source_ + ": not an ONNX model (no graph with nodes)");
  onnx::GraphProto& graph = *model.mutable_graph();
  check_window_attributes(graph, source_);
  read_graph_inputs(graph);
  try {
    onnx::ShapeInferenceOptions inference{/*check_type=*/false, /*error_mode=*/0, /*data_prop=*/true};
    onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), inference);
  } catch (const std::exception&) {
    // Shape inference is a help, not a requirement: the importer derives every
    // shape itself and only uses inferred ones for reshape targets and checks.
  }
  record_dims(graph);
  for (const Node& node : graph.node()) translate(node);

  Workload workload = [&] {
    try {
      return builder_.build(options_.build);
    } catch (const WorkloadError& e) {
      throw WorkloadError(source_ + ": " + e.what());
    }
  }();
  // Our arithmetic must agree with ONNX shape inference wherever it gave a shape.
  std::unordered_map<std::string, const Layer*> by_name;
  for (const Layer& l : workload.layers()) by_name.emplace(l.name, &l);
  for (const auto& [layer, value] : shape_checks_) {
    auto it = by_name.find(layer);
    const auto onnx_shape = to_tensor_shape(dims_of(value));
    if (it == by_name.end() || !onnx_shape || *onnx_shape == it->second->output) continue;
    throw WorkloadError(source_ + ": layer '" + layer + "' computes " + shape_text(it->second->output) +
                        " but ONNX shape inference gives " + shape_text(*onnx_shape) +
                        " (a layout this importer does not model)");
  }
  return workload;
}

}  // namespace

Workload import_onnx_bytes(const std::string& serialized, const std::string& source,
                           const OnnxImportOptions& options) {
  onnx::ModelProto model;
  if (!model.ParseFromString(serialized))
    throw WorkloadError(source + ": not a valid ONNX model (protobuf parse failed)");
  OnnxImportOptions named = options;
  if (named.name.empty())
    named.name = model.graph().name().empty() ? "onnx_model" : model.graph().name();
  return Importer(source, std::move(named)).run(model);
}

Workload import_onnx_file(const std::filesystem::path& path, const OnnxImportOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw WorkloadError("cannot open '" + path.string() + "': no such file or not readable");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  OnnxImportOptions named = options;
  if (named.name.empty()) named.name = path.stem().string();
  return import_onnx_bytes(bytes, path.string(), named);
}

}  // namespace archex::workload
