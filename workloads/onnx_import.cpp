// ONNX model -> layer specs -> Workload. See onnx_import.h for what maps to what.

#include "workloads/onnx_import.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include <onnx/onnx_pb.h>

#include "workloads/layer_arithmetic.h"
#include "workloads/onnx_shape_folding.h"
#include "workloads/onnx_tensors.h"
#include "workloads/registry.h"
#include "workloads/workload_builder.h"
#include "workloads/workload_yaml.h"

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
// shape changes (Flatten of a feature map), else pass-through.
const std::unordered_set<std::string> kViews = {"Flatten", "Reshape", "Squeeze", "Unsqueeze"};
// Ops that select, repeat, pad or rearrange an activation tensor: copy layers
// (data movement, no compute) with the output shape ONNX shape inference gives.
const std::unordered_set<std::string> kDataMovement = {"Slice", "Split", "Pad", "Tile", "Expand",
                                                       "DepthToSpace", "SpaceToDepth"};
// One special-function op per element (exp, erf, tanh, sqrt, reciprocal).
const std::unordered_map<std::string, ActivationKind> kSpecialFunctions = {
    {"Exp", ActivationKind::kExp},   {"Erf", ActivationKind::kErf},   {"Tanh", ActivationKind::kTanh},
    {"Sqrt", ActivationKind::kSqrt}, {"Reciprocal", ActivationKind::kReciprocal}, {"Gelu", ActivationKind::kGelu}};

bool is_float(const onnx::TensorProto& t) {
  using T = onnx::TensorProto;
  return t.data_type() == T::FLOAT || t.data_type() == T::FLOAT16 || t.data_type() == T::DOUBLE ||
         t.data_type() == T::BFLOAT16;
}

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

  std::string unique_name(const std::string& base);
  // Adds the layer computing output `index` of `node`.
  void emit(const Node& node, LayerSpec spec, int index = 0);
  void alias(const Node& node, const std::string& layer) { layer_of_[node.output(0)] = layer; }
  // The (c, h, w) shape of a value from ONNX shape inference; fails naming the node when unknown.
  TensorShape known_shape(const Node& node, const std::string& value) const;
  std::int64_t rank_of(const Node& node, const std::string& value) const;
  // A normalised axis attribute (negative counts from the end).
  std::int64_t axis_attribute(const Node& node, const char* name, std::int64_t fallback, std::int64_t rank) const;
  // Parameters held by the node's constant inputs (initializers, or values
  // computed from them: a gathered positional table, an expanded class
  // token), each initializer counted once in the whole model; scalars are
  // immediates, integer tensors indices, not parameters.
  std::int64_t claim_parameters(const Node& node);
  void record_meta(const Node& node);
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
  void elementwise(const Node& node, OpKind kind, const std::vector<std::string>& acts);
  void concat(const Node& node, const std::vector<std::string>& acts);
  void clip(const Node& node, const std::string& in);
  void reshape(const Node& node, const std::string& in);
  void activation_matmul(const Node& node, const std::vector<std::string>& acts, bool trans_a, bool trans_b);
  void weight_matmul(const Node& node, const std::string& in, std::int64_t in_features, std::int64_t out_features,
                     bool bias);
  void conv_transpose(const Node& node, const std::string& in);
  void normalize(const Node& node, OpKind kind, const std::string& in);
  void reduce(const Node& node, OpKind kind, const std::string& in);
  void divide(const Node& node, const std::vector<std::string>& acts);
  void power(const Node& node, const std::string& in);
  void where(const Node& node, const std::vector<std::string>& acts);
  void transpose(const Node& node, const std::string& in);
  void copy(const Node& node, const std::vector<std::string>& acts);
  void gather(const Node& node, const std::vector<std::string>& acts);
  void resize(const Node& node, const std::string& in);
  void simple(const Node& node, OpKind kind, const std::string& in,
              ActivationKind act = ActivationKind::kNone);

  std::string source_;
  OnnxImportOptions options_;
  WorkloadBuilder builder_;
  std::unordered_map<std::string, const onnx::TensorProto*> constants_;  // initializers, Constant outputs
  std::unordered_map<std::string, std::vector<std::int64_t>> dims_;       // every value with a known shape
  std::unordered_map<std::string, std::string> layer_of_;                 // activation value -> layer
  std::unordered_set<std::string> meta_;         // values computed from constants / shapes only
  // Float initializers a meta value is computed from (parameters it carries).
  std::unordered_map<std::string, std::vector<const onnx::TensorProto*>> origins_;
  std::unordered_set<const onnx::TensorProto*> counted_;  // parameters already counted
  std::int64_t opset_ = 13;
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
  const_cast<Importer*>(this)->counted_.insert(t);  // counted by the layer's own arithmetic
  return *t;
}

std::string Importer::unique_name(const std::string& base) {
  std::string name = base;
  for (int i = 2; layer_names_.count(name); ++i) name = base + "_" + std::to_string(i);
  layer_names_.insert(name);
  return name;
}

void Importer::emit(const Node& node, LayerSpec spec, int index) {
  const std::string base = !node.name().empty() ? node.name() : node.output(index);
  spec.name = unique_name(index == 0 ? base : base + "/" + std::to_string(index));
  shape_checks_.emplace_back(spec.name, node.output(index));
  layer_of_[node.output(index)] = builder_.add(std::move(spec));
}

TensorShape Importer::known_shape(const Node& node, const std::string& value) const {
  const auto shape = to_tensor_shape(dims_of(value));
  if (!shape) fail(node, "the shape of '" + value + "' is unknown (export with fixed input sizes)");
  return *shape;
}

std::int64_t Importer::rank_of(const Node& node, const std::string& value) const {
  const auto dims = dims_of(value);
  if (dims.empty()) fail(node, "the shape of '" + value + "' is unknown (export with fixed input sizes)");
  return static_cast<std::int64_t>(dims.size());
}

std::int64_t Importer::axis_attribute(const Node& node, const char* name, std::int64_t fallback,
                                      std::int64_t rank) const {
  std::int64_t axis = int_attribute(node, name, fallback);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank)
    fail(node, std::string("attribute '") + name + "' is outside the rank " + std::to_string(rank));
  return axis;
}

std::int64_t Importer::claim_parameters(const Node& node) {
  std::int64_t n = 0;
  for (const auto& input : node.input()) {
    if (input.empty() || layer_of_.count(input)) continue;
    std::vector<const onnx::TensorProto*> sources;
    if (const auto* t = constant(input)) sources.push_back(t);
    else if (auto it = origins_.find(input); it != origins_.end()) sources = it->second;
    for (const auto* t : sources) {
      const std::int64_t elements = element_count(tensor_dims(*t));
      if (elements > kMaxElements || elements < -1)
        fail(node, "initializer '" + t->name() + "' is beyond what archex counts (at most 2^40 elements)");
      if (is_float(*t) && elements > 1 && counted_.insert(t).second) n += elements;
    }
  }
  return n;
}

// Shape arithmetic and constant subgraphs: no layer, but the parameters a
// value is computed from travel with it (an expanded class token).
void Importer::record_meta(const Node& node) {
  std::vector<const onnx::TensorProto*> sources;
  if (node.op_type() != "Shape" && node.op_type() != "Size") {
    for (const auto& input : node.input()) {
      if (const auto* t = constant(input)) sources.push_back(t);
      else if (auto it = origins_.find(input); it != origins_.end())
        sources.insert(sources.end(), it->second.begin(), it->second.end());
    }
  }
  for (const auto& out : node.output()) {
    meta_.insert(out);
    if (!sources.empty()) origins_[out] = sources;
  }
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
  const bool trans_a = int_attribute(node, "transA", 0) != 0, trans_b = int_attribute(node, "transB", 0) != 0;
  if (layer_of_.count(node.input(1))) {
    if (has_input(node, 2)) fail(node, "a bias C on a product of two activations is not supported");
    std::vector<std::string> acts{layer_of_.at(node.input(0)), layer_of_.at(node.input(1))};
    return activation_matmul(node, acts, trans_a, trans_b);
  }
  if (trans_a) fail(node, "transA = 1 is not supported");
  const onnx::TensorProto& b = weight(node, 1, 2);
  const std::int64_t out_features = trans_b ? b.dims(0) : b.dims(1);
  bool bias = false;
  if (has_input(node, 2)) {
    const auto c = dims_of(node.input(2));
    if (layer_of_.count(node.input(2)) || element_count(c) != out_features)
      fail(node, "bias C must be a constant with one value per output feature");
    bias = true;
    if (const auto* t = constant(node.input(2))) counted_.insert(t);
  }
  weight_matmul(node, in, trans_b ? b.dims(1) : b.dims(0), out_features, bias);
}

void Importer::matmul(const Node& node, const std::vector<std::string>& acts) {
  if (acts.size() == 2) return activation_matmul(node, acts, false, false);
  if (!layer_of_.count(node.input(0))) fail(node, "a constant left operand is not supported");
  const onnx::TensorProto& b = weight(node, 1, 2);  // [C, K]
  weight_matmul(node, acts.front(), b.dims(0), b.dims(1), false);
}

// A weight applied to the last axis: a fully connected layer on a vector, a
// 1x1 convolution over the M rows of a [..., M, C] tensor. A tensor whose
// channels are not that last axis ([1, H, W, C] after a permute, ConvNeXt)
// is viewed as C x M first and its result viewed back: views cost nothing.
void Importer::weight_matmul(const Node& node, const std::string& in, std::int64_t in_features,
                             std::int64_t out_features, bool bias) {
  const auto a = to_tensor_shape(dims_of(node.input(0)));
  LayerSpec s;
  s.inputs = {in};
  s.out_channels = out_features;
  s.in_channels = in_features;
  s.bias = bias;
  if (!a || a->h * a->w == 1) {
    s.kind = OpKind::kFullyConnected;
    return emit(node, std::move(s));
  }
  s.kind = OpKind::kConv2d;
  if (a->c == in_features) return emit(node, std::move(s));
  if (a->elements() % in_features != 0)
    fail(node, "input " + shape_text(*a) + " has no last axis of " + std::to_string(in_features) + " features");
  const std::int64_t rows = a->elements() / in_features;
  const std::string base = !node.name().empty() ? node.name() : node.output(0);
  LayerSpec view;
  view.kind = OpKind::kReshape;
  view.name = unique_name(base + "/rows");
  view.inputs = {in};
  view.shape = {in_features, rows, 1};
  s.inputs = {builder_.add(std::move(view))};
  s.name = unique_name(base);
  const std::string product = builder_.add(std::move(s));
  LayerSpec back;
  back.kind = OpKind::kReshape;
  back.name = unique_name(base + "/view");
  back.inputs = {product};
  back.shape = known_shape(node, node.output(0));
  shape_checks_.emplace_back(back.name, node.output(0));
  layer_of_[node.output(0)] = builder_.add(std::move(back));
}

// Products of two activations, batched over the leading axes (NumPy
// broadcasting): G = batch x heads products [M x K] x [K x N].
void Importer::activation_matmul(const Node& node, const std::vector<std::string>& acts, bool trans_a,
                                 bool trans_b) {
  auto da = dims_of(node.input(0)), db = dims_of(node.input(1));
  if (da.size() < 2 || db.size() < 2) fail(node, "both operands need shapes of rank >= 2");
  if (trans_a) std::swap(da[da.size() - 1], da[da.size() - 2]);
  if (trans_b) std::swap(db[db.size() - 1], db[db.size() - 2]);
  const std::int64_t k = da.back(), n = db.back();  // M follows from the left operand's size
  if (std::any_of(da.begin(), da.end(), [](std::int64_t d) { return d < 1; }) ||
      std::any_of(db.begin(), db.end(), [](std::int64_t d) { return d < 1; }))
    fail(node, "both operands need known shapes (export with fixed input sizes)");
  if (db[db.size() - 2] != k)
    fail(node, "inner dimensions differ: " + std::to_string(k) + " and " + std::to_string(db[db.size() - 2]));
  std::int64_t g = 1;
  const std::size_t batch_rank = std::max(da.size(), db.size()) - 2;
  for (std::size_t i = 0; i < batch_rank; ++i) {
    auto at = [&](const std::vector<std::int64_t>& d) {
      const std::size_t lead = d.size() - 2;
      return i + lead >= batch_rank ? d[i + lead - batch_rank] : 1;
    };
    g *= std::max(at(da), at(db));
  }
  LayerSpec s;
  s.kind = OpKind::kMatMul;
  s.inputs = acts;
  s.groups = g;
  s.in_channels = k;
  s.out_channels = n;
  s.shape = known_shape(node, node.output(0));
  emit(node, std::move(s));
}

void Importer::conv_transpose(const Node& node, const std::string& in) {
  const onnx::TensorProto& w = weight(node, 1, 4);  // [C, M / group, kH, kW]
  const std::string auto_pad = string_attribute(node, "auto_pad");
  if (!auto_pad.empty() && auto_pad != "NOTSET") fail(node, "auto_pad is not supported; state pads");
  LayerSpec s;
  s.kind = OpKind::kConvTranspose;
  s.inputs = {in};
  s.groups = int_attribute(node, "group", 1);
  s.out_channels = w.dims(1) * s.groups;
  s.in_channels = w.dims(0);
  s.kernel_h = w.dims(2);
  s.kernel_w = w.dims(3);
  s.bias = has_input(node, 2);
  if (s.bias)
    if (const auto* t = constant(node.input(2))) counted_.insert(t);
  window_attributes(node, s);
  s.shape = known_shape(node, node.output(0));
  emit(node, std::move(s));
}

// Softmax / LayerNormalization over the axis (opset < 13 softmax and
// LayerNormalization: all axes from `axis` on) of the node's input.
void Importer::normalize(const Node& node, OpKind kind, const std::string& in) {
  const auto dims = dims_of(node.input(0));
  const auto rank = rank_of(node, node.input(0));
  const bool softmax = kind == OpKind::kSoftmax;
  const std::int64_t axis = axis_attribute(node, "axis", softmax && opset_ < 13 ? 1 : -1, rank);
  std::int64_t length = dims[static_cast<std::size_t>(axis)];
  if (!softmax || opset_ < 13) length = element_count({dims.begin() + axis, dims.end()});
  if (length < 1 || std::any_of(dims.begin() + axis, dims.end(), [](std::int64_t d) { return d < 1; }))
    fail(node, "the normalised axes of '" + node.input(0) + "' have unknown sizes");
  LayerSpec s;
  s.kind = kind;
  s.inputs = {in};
  s.in_channels = length;
  if (!softmax) s.constant_elements = claim_parameters(node);
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

// ReduceMean / ReduceSum over any axes; a mean over H and W of a 4-D tensor
// is a global average pool.
void Importer::reduce(const Node& node, OpKind kind, const std::string& in) {
  auto axes = ints_attribute(node, "axes");
  if (axes.empty() && has_input(node, 1)) {  // axes as an input (ReduceSum 13, ReduceMean 18)
    if (const auto* t = constant(node.input(1)))
      if (auto v = tensor_values(*t)) axes.assign(v->begin(), v->end());
  }
  const auto rank = rank_of(node, node.input(0));
  for (auto& a : axes)
    if (a < 0) a += rank;
  std::sort(axes.begin(), axes.end());
  if (kind == OpKind::kReduceMean && rank == 4 && axes == std::vector<std::int64_t>{2, 3})
    return simple(node, OpKind::kGlobalAvgPool, in);
  LayerSpec s;
  s.kind = kind;
  s.inputs = {in};
  s.shape = known_shape(node, node.output(0));
  emit(node, std::move(s));
}

void Importer::elementwise(const Node& node, OpKind kind, const std::vector<std::string>& acts) {
  LayerSpec s;
  s.kind = kind;
  s.inputs = acts;
  s.constant_elements = claim_parameters(node);
  emit(node, std::move(s));
}

// A division by a constant is a multiply by its reciprocal (computed once,
// offline); by an activation, a division per element.
void Importer::divide(const Node& node, const std::vector<std::string>& acts) {
  elementwise(node, layer_of_.count(node.input(1)) ? OpKind::kDiv : OpKind::kMul, acts);
}

// x^2 is x * x (LayerNorm's variance); x^0.5 a square root.
void Importer::power(const Node& node, const std::string& in) {
  const auto* t = has_input(node, 1) ? constant(node.input(1)) : nullptr;
  const auto v = t ? tensor_values(*t) : std::nullopt;
  if (!v || v->size() != 1 || (v->front() != 2.0 && v->front() != 0.5))
    fail(node, "only a constant exponent of 2 or 0.5 is supported");
  if (v->front() == 0.5) return simple(node, OpKind::kActivation, in, ActivationKind::kSqrt);
  elementwise(node, OpKind::kMul, {in});
}

// A select per element (an attention mask): costed as one element-wise op
// over the data operands (the condition is read alongside).
void Importer::where(const Node& node, const std::vector<std::string>& acts) {
  std::vector<std::string> data;
  for (int i = 1; i < node.input_size(); ++i)
    if (auto it = layer_of_.find(node.input(i)); it != layer_of_.end()) data.push_back(it->second);
  elementwise(node, OpKind::kAdd, data.empty() ? acts : data);
}

// A permutation that keeps the order of the axes longer than 1 only changes
// the view (free); any other (NCHW <-> NHWC, a channel shuffle, heads to
// tokens) moves every element: a copy.
void Importer::transpose(const Node& node, const std::string& in) {
  const auto dims = dims_of(node.input(0));
  const auto rank = rank_of(node, node.input(0));
  std::vector<std::int64_t> perm = ints_attribute(node, "perm");
  if (perm.empty())
    for (std::int64_t i = rank - 1; i >= 0; --i) perm.push_back(i);
  if (static_cast<std::int64_t>(perm.size()) != rank) fail(node, "perm does not match the input rank");
  std::vector<std::int64_t> moved;
  for (const std::int64_t p : perm) {
    if (p < 0 || p >= rank)
      fail(node, "perm names axis " + std::to_string(p) + " of a rank-" + std::to_string(rank) + " tensor");
    if (dims[static_cast<std::size_t>(p)] != 1) moved.push_back(p);
  }
  if (std::is_sorted(moved.begin(), moved.end())) return reshape(node, in);
  LayerSpec s;
  s.kind = OpKind::kCopy;
  s.inputs = {in};
  s.shape = known_shape(node, node.output(0));
  emit(node, std::move(s));
}

// Slice, Split (one copy per output), Pad, Expand, Tile, ... of activations;
// one that keeps every element (a full slice) is a pass-through.
void Importer::copy(const Node& node, const std::vector<std::string>& acts) {
  const auto in_dims = dims_of(node.input(0));
  for (int i = 0; i < node.output_size(); ++i) {
    if (node.output(i).empty()) continue;
    if (node.output_size() == 1 && dims_of(node.output(0)) == in_dims && !in_dims.empty())
      return alias(node, acts.front());
    LayerSpec s;
    s.kind = OpKind::kCopy;
    s.inputs = acts;
    s.shape = known_shape(node, node.output(i));
    emit(node, std::move(s), i);
  }
}

// Gather on an activation picks part of it (x[:, 0]); on a weight table with
// activation indices it is an embedding lookup.
void Importer::gather(const Node& node, const std::vector<std::string>& acts) {
  if (layer_of_.count(node.input(0))) return copy(node, {layer_of_.at(node.input(0))});
  const onnx::TensorProto& table = weight(node, 0, 2);  // [vocabulary, features]
  if (int_attribute(node, "axis", 0) != 0) fail(node, "an embedding gathers rows (axis 0)");
  LayerSpec s;
  s.kind = OpKind::kEmbedding;
  s.inputs = acts;
  s.in_channels = table.dims(0);
  s.out_channels = table.dims(1);
  emit(node, std::move(s));
}

// Nearest picks one input pixel per output; linear interpolates 2 per
// resized axis (bilinear: 2 x 2 taps), cubic 4.
void Importer::resize(const Node& node, const std::string& in) {
  const std::string mode = string_attribute(node, "mode");
  const std::int64_t taps = mode.empty() || mode == "nearest"           ? 1
                            : mode == "linear" || mode == "bilinear" ? 2
                            : mode == "cubic"                        ? 4
                                                                     : 0;
  if (taps == 0) fail(node, "unknown mode '" + mode + "'");
  const TensorShape from = known_shape(node, node.input(0));
  LayerSpec s;
  s.kind = OpKind::kResize;
  s.inputs = {in};
  s.shape = known_shape(node, node.output(0));
  s.kernel_h = s.shape.h != from.h ? taps : 1;
  s.kernel_w = s.shape.w != from.w ? taps : 1;
  emit(node, std::move(s));
}

// Along the channels: a concat layer. Along another axis, or with constant
// operands (ViT's class token), the output shape comes from ONNX and the
// constants are parameters.
// A concat of activations whose (c, h, w) shapes stack along c: a concat
// layer. Along another axis, or with constant operands (ViT's class token),
// the output shape comes from ONNX and the constants are parameters.
void Importer::concat(const Node& node, const std::vector<std::string>& acts) {
  const TensorShape out = known_shape(node, node.output(0));
  bool along_channels = static_cast<int>(acts.size()) == node.input_size();
  std::int64_t channels = 0;
  for (const auto& input : node.input()) {
    const auto in = to_tensor_shape(dims_of(input));
    along_channels = along_channels && in && in->h == out.h && in->w == out.w;
    channels += in ? in->c : 0;
  }
  LayerSpec s;
  s.kind = OpKind::kConcat;
  s.inputs = acts;
  if (!along_channels || channels != out.c) {
    s.shape = out;
    s.constant_elements = claim_parameters(node);
  }
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
  if (acts.empty() || op == "Shape" || op == "Size") return record_meta(node);  // no activation data
  const std::string& x = acts.front();
  if (op == "Conv") conv(node, x);
  else if (op == "ConvTranspose") conv_transpose(node, x);
  else if (op == "Gemm") gemm(node, x);
  else if (op == "MatMul") matmul(node, acts);
  else if (op == "MaxPool" || op == "GlobalMaxPool") pool(node, OpKind::kMaxPool, x);
  else if (op == "AveragePool") pool(node, OpKind::kAvgPool, x);
  else if (op == "GlobalAveragePool") simple(node, OpKind::kGlobalAvgPool, x);
  else if (op == "ReduceMean") reduce(node, OpKind::kReduceMean, x);
  else if (op == "ReduceSum") reduce(node, OpKind::kReduceSum, x);
  else if (op == "Add" || op == "Sub" || op == "Sum") elementwise(node, OpKind::kAdd, acts);
  else if (op == "Mul" || op == "Neg") elementwise(node, OpKind::kMul, acts);
  else if (op == "Div") divide(node, acts);
  else if (op == "Pow") power(node, x);
  else if (op == "Where") where(node, acts);
  else if (op == "Concat") concat(node, acts);
  else if (op == "Softmax") normalize(node, OpKind::kSoftmax, x);
  else if (op == "LayerNormalization") normalize(node, OpKind::kLayerNorm, x);
  else if (op == "Relu") simple(node, OpKind::kActivation, x, ActivationKind::kRelu);
  else if (op == "Clip") clip(node, x);
  else if (op == "Sigmoid") simple(node, OpKind::kActivation, x, ActivationKind::kSigmoid);
  else if (op == "HardSigmoid") simple(node, OpKind::kActivation, x, ActivationKind::kHardSigmoid);
  else if (op == "HardSwish") simple(node, OpKind::kActivation, x, ActivationKind::kHardSwish);
  else if (auto f = kSpecialFunctions.find(op); f != kSpecialFunctions.end())
    simple(node, OpKind::kActivation, x, f->second);
  else if (op == "BatchNormalization") simple(node, OpKind::kBatchNorm, x);
  else if (op == "Transpose") transpose(node, x);
  else if (op == "Gather") gather(node, acts);
  else if (op == "Resize" || op == "Upsample") resize(node, x);
  else if (kViews.count(op)) reshape(node, x);
  else if (kPassThrough.count(op)) alias(node, x);
  else if (kDataMovement.count(op)) copy(node, {x});
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
                          "' needs a fixed shape (export with a fixed input size)");
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
  for (const auto& o : model.opset_import())
    if (o.domain().empty() || o.domain() == "ai.onnx") opset_ = o.version();
  check_window_attributes(graph, source_);
  read_graph_inputs(graph);
  infer_shapes(model);
  for (const auto& t : graph.initializer()) constants_.emplace(t.name(), &t);  // with the folded shape values
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
  const std::string bytes = read_text_file(path);
  OnnxImportOptions named = options;
  if (named.name.empty()) named.name = path.stem().string();
  return import_onnx_bytes(bytes, path.string(), named);
}

}  // namespace archex::workload
