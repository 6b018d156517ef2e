#include "workloads/layer_arithmetic.h"

#include <algorithm>
#include <initializer_list>
#include <string>

#include "workloads/op_names.h"
#include "workloads/registry.h"

namespace archex::workload {
namespace {

[[noreturn]] void fail(const LayerSpec& spec, const std::string& what) {
  throw WorkloadError("layer '" + spec.name + "' (" + std::string(op_kind_name(spec.kind)) +
                      "): " + what);
}

// The producer name of operand i (specs built by hand may name fewer inputs).
std::string input_name(const LayerSpec& spec, std::size_t i) {
  if (i < spec.inputs.size()) return spec.inputs[i];
  std::string ordinal = "#";
  ordinal += std::to_string(i + 1);
  return ordinal;
}

// Counts come from files; a product that does not fit 64 bits is bad input,
// not undefined behaviour.
std::int64_t product(const LayerSpec& spec, std::initializer_list<std::int64_t> factors) {
  std::int64_t result = 1;
  for (std::int64_t f : factors)
    if (__builtin_mul_overflow(result, f, &result)) fail(spec, "operation count overflows 64 bits");
  return result;
}

void require_input_count(const LayerSpec& spec, std::size_t have, std::size_t min,
                         std::size_t max) {
  if (have >= min && have <= max) return;
  std::string expected = min == max ? std::to_string(min)
                         : max == SIZE_MAX ? "at least " + std::to_string(min)
                                           : std::to_string(min) + " to " + std::to_string(max);
  fail(spec, "expects " + expected + " input(s), got " + std::to_string(have));
}

void require_positive(const LayerSpec& spec, const char* field, std::int64_t value) {
  if (value < 1) fail(spec, std::string(field) + " must be >= 1, got " + std::to_string(value));
}

void require_positive_shape(const LayerSpec& spec, const TensorShape& s, const char* what) {
  if (s.c < 1 || s.h < 1 || s.w < 1)
    fail(spec, std::string(what) + " shape must be positive, got " + shape_text(s));
}

// One spatial axis of a sliding window (conv or pool).
struct Window {
  std::int64_t out = 0;
  std::int64_t pad_before = 0;
  std::int64_t pad_after = 0;
};

Window slide(const LayerSpec& spec, const char* axis, std::int64_t in, std::int64_t kernel,
             std::int64_t stride, std::int64_t dilation, std::int64_t pad_before,
             std::int64_t pad_after) {
  if (pad_before < 0 || pad_after < 0) fail(spec, std::string(axis) + " padding must be >= 0");
  const std::int64_t extent = dilation * (kernel - 1) + 1;
  Window w;
  if (spec.same_padding) {
    w.out = (in + stride - 1) / stride;
    const std::int64_t total = std::max<std::int64_t>((w.out - 1) * stride + extent - in, 0);
    w.pad_before = total / 2;
    w.pad_after = total - w.pad_before;
    return w;
  }
  const std::int64_t span = in + pad_before + pad_after - extent;
  if (span < 0)
    fail(spec, std::string(axis) + " window " + std::to_string(extent) +
                   " is larger than the padded input " + std::to_string(in + pad_before + pad_after));
  w.out = span / stride + 1;
  w.pad_before = pad_before;
  w.pad_after = pad_after;
  if (spec.ceil_mode) {
    std::int64_t out = (span + stride - 1) / stride + 1;
    // PyTorch: the last window must start inside the input or the leading padding.
    if ((out - 1) * stride >= in + pad_before) --out;
    if (out > w.out) {
      w.pad_after += (out - 1) * stride + extent - (in + pad_before + pad_after);
      w.out = out;
    }
  }
  return w;
}

void set_window(Layer& layer, const LayerSpec& spec, const TensorShape& in) {
  require_positive(spec, "kernel", std::min(spec.kernel_h, spec.kernel_w));
  require_positive(spec, "stride", std::min(spec.stride_h, spec.stride_w));
  require_positive(spec, "dilation", std::min(spec.dilation_h, spec.dilation_w));
  const Window h = slide(spec, "vertical", in.h, spec.kernel_h, spec.stride_h, spec.dilation_h,
                         spec.padding.top, spec.padding.bottom);
  const Window w = slide(spec, "horizontal", in.w, spec.kernel_w, spec.stride_w, spec.dilation_w,
                         spec.padding.left, spec.padding.right);
  layer.pad_top = h.pad_before;
  layer.pad_bottom = h.pad_after;
  layer.pad_left = w.pad_before;
  layer.pad_right = w.pad_after;
  LoopNest& l = layer.loops;
  l.out_h = h.out;
  l.out_w = w.out;
  l.kernel_h = spec.kernel_h;
  l.kernel_w = spec.kernel_w;
  l.stride_h = spec.stride_h;
  l.stride_w = spec.stride_w;
  l.dilation_h = spec.dilation_h;
  l.dilation_w = spec.dilation_w;
}

void check_declared_inputs(const LayerSpec& spec, std::int64_t actual, const char* what) {
  if (spec.in_channels != 0 && spec.in_channels != actual)
    fail(spec, "declares " + std::to_string(spec.in_channels) + " " + what + " but input '" +
                   input_name(spec, 0) + "' provides " + std::to_string(actual));
}

void conv2d(Layer& layer, const LayerSpec& spec, const TensorShape& in) {
  check_declared_inputs(spec, in.c, "input channels");
  require_positive(spec, "out_channels", spec.out_channels);
  require_positive(spec, "groups", spec.groups);
  if (in.c % spec.groups != 0 || spec.out_channels % spec.groups != 0)
    fail(spec, "groups " + std::to_string(spec.groups) + " must divide both input channels " +
                   std::to_string(in.c) + " and output channels " +
                   std::to_string(spec.out_channels));
  set_window(layer, spec, in);
  LoopNest& l = layer.loops;
  l.groups = spec.groups;
  l.out_channels = spec.out_channels / spec.groups;
  l.in_channels = in.c / spec.groups;
  layer.output = {spec.out_channels, l.out_h, l.out_w};
  layer.macs = product(spec, {l.groups, l.out_channels, l.in_channels, l.out_h, l.out_w,
                              l.kernel_h, l.kernel_w});
  layer.params = product(spec, {spec.out_channels, l.in_channels, l.kernel_h, l.kernel_w}) +
                 (spec.bias ? spec.out_channels : 0);
}

void fully_connected(Layer& layer, const LayerSpec& spec, const TensorShape& in) {
  // A fully connected layer flattens its input (Caffe InnerProduct, torch Linear after flatten).
  const std::int64_t features = in.elements();
  check_declared_inputs(spec, features, "input features");
  require_positive(spec, "out_features", spec.out_channels);
  layer.loops.out_channels = spec.out_channels;
  layer.loops.in_channels = features;
  layer.output = {spec.out_channels, 1, 1};
  layer.macs = product(spec, {spec.out_channels, features});
  layer.params = layer.macs + (spec.bias ? spec.out_channels : 0);
}

// [M x C] x [C x K]: a tensor c x h x w is the matrix of h*w rows by c columns.
void matmul(Layer& layer, const LayerSpec& spec, const TensorShape& a, const TensorShape& b) {
  if (b.h * b.w != a.c)
    fail(spec, "inner dimensions differ: '" + input_name(spec, 0) + "' has " + std::to_string(a.c) +
                   " columns, '" + input_name(spec, 1) + "' has " + std::to_string(b.h * b.w) + " rows");
  layer.loops.out_channels = b.c;
  layer.loops.in_channels = a.c;
  layer.loops.out_h = a.h;
  layer.loops.out_w = a.w;
  layer.output = {b.c, a.h, a.w};
  layer.macs = product(spec, {b.c, a.c, a.h, a.w});
}

// Pooling windows are per channel: a depthwise loop nest (groups = channels).
void pool(Layer& layer, const LayerSpec& spec, const TensorShape& in) {
  set_window(layer, spec, in);
  LoopNest& l = layer.loops;
  l.groups = in.c;
  layer.output = {in.c, l.out_h, l.out_w};
  const std::int64_t window = l.kernel_h * l.kernel_w;
  // Max: window - 1 compares; average: window - 1 adds and one scaling multiply.
  const std::int64_t per_output = spec.kind == OpKind::kMaxPool ? window - 1 : window;
  layer.vector_ops = product(spec, {layer.output.elements(), per_output});
}

void global_avg_pool(Layer& layer, const TensorShape& in) {
  LoopNest& l = layer.loops;
  l.groups = in.c;
  l.kernel_h = l.stride_h = in.h;
  l.kernel_w = l.stride_w = in.w;
  layer.output = {in.c, 1, 1};
  layer.vector_ops = in.elements();  // h*w - 1 adds + 1 scaling multiply per channel
}

// Element-wise with NumPy broadcasting: each dimension equals the largest or is 1.
void elementwise(Layer& layer, const LayerSpec& spec) {
  TensorShape out{1, 1, 1};
  for (const auto& s : layer.inputs)
    out = {std::max(out.c, s.c), std::max(out.h, s.h), std::max(out.w, s.w)};
  for (std::size_t i = 0; i < layer.inputs.size(); ++i) {
    const TensorShape& s = layer.inputs[i];
    auto fits = [](std::int64_t d, std::int64_t full) { return d == full || d == 1; };
    if (!fits(s.c, out.c) || !fits(s.h, out.h) || !fits(s.w, out.w))
      fail(spec, "input '" + input_name(spec, i) + "' has shape " + shape_text(s) +
                     ", which does not match (or broadcast to) " + shape_text(out));
  }
  if (spec.constant_elements < 0) fail(spec, "constant_elements must be >= 0");
  layer.output = out;
  layer.params = spec.constant_elements;
  const auto operations = std::max<std::int64_t>(static_cast<std::int64_t>(layer.inputs.size()) - 1, 1);
  layer.vector_ops = product(spec, {out.elements(), operations});
}

void concat(Layer& layer, const LayerSpec& spec) {
  const TensorShape& first = layer.inputs.front();
  std::int64_t channels = 0;
  for (std::size_t i = 0; i < layer.inputs.size(); ++i) {
    const TensorShape& s = layer.inputs[i];
    if (s.h != first.h || s.w != first.w)
      fail(spec, "input '" + input_name(spec, i) + "' is " + shape_text(s) + " but input '" +
                     input_name(spec, 0) + "' is " + shape_text(first) + ": spatial sizes must match");
    channels += s.c;
  }
  layer.output = {channels, first.h, first.w};
}

void reshape(Layer& layer, const LayerSpec& spec, const TensorShape& in) {
  TensorShape target = spec.shape.c == 0 ? TensorShape{in.elements(), 1, 1} : spec.shape;
  require_positive_shape(spec, target, "target");
  if (target.elements() != in.elements())
    fail(spec, "cannot reshape " + shape_text(in) + " (" + std::to_string(in.elements()) +
                   " elements) to " + shape_text(target) + " (" +
                   std::to_string(target.elements()) + " elements)");
  layer.output = target;
}

}  // namespace

bool can_fuse_activation(OpKind kind) {
  switch (kind) {
    case OpKind::kConv2d:
    case OpKind::kFullyConnected:
    case OpKind::kMatMul:
    case OpKind::kAdd:
    case OpKind::kMul:
    case OpKind::kBatchNorm:
      return true;
    default:
      return false;
  }
}

std::string shape_text(const TensorShape& s) {
  return std::to_string(s.c) + "x" + std::to_string(s.h) + "x" + std::to_string(s.w);
}

int activation_ops_per_element(ActivationKind kind) {
  switch (kind) {
    case ActivationKind::kNone: return 0;
    case ActivationKind::kHardSigmoid: return 2;
    case ActivationKind::kHardSwish: return 3;
    default: return 1;
  }
}

Layer make_layer(const LayerSpec& spec, const std::vector<TensorShape>& input_shapes) {
  Layer layer;
  layer.name = spec.name;
  layer.kind = spec.kind;
  layer.activation = spec.activation;
  layer.inputs = input_shapes;
  for (std::size_t i = 0; i < input_shapes.size(); ++i)
    require_positive_shape(spec, input_shapes[i], ("input '" + input_name(spec, i) + "'").c_str());
  if (spec.activation != ActivationKind::kNone && spec.kind != OpKind::kActivation &&
      !can_fuse_activation(spec.kind))
    fail(spec, "cannot carry a fused activation");
  const std::size_t n = input_shapes.size();

  switch (spec.kind) {
    case OpKind::kInput:
      require_input_count(spec, n, 0, 0);
      require_positive_shape(spec, spec.shape, "input");
      layer.output = spec.shape;
      break;
    case OpKind::kConv2d:
      require_input_count(spec, n, 1, 1);
      conv2d(layer, spec, input_shapes[0]);
      break;
    case OpKind::kFullyConnected:
      require_input_count(spec, n, 1, 1);
      fully_connected(layer, spec, input_shapes[0]);
      break;
    case OpKind::kMatMul:
      require_input_count(spec, n, 2, 2);
      matmul(layer, spec, input_shapes[0], input_shapes[1]);
      break;
    case OpKind::kMaxPool:
    case OpKind::kAvgPool:
      require_input_count(spec, n, 1, 1);
      pool(layer, spec, input_shapes[0]);
      break;
    case OpKind::kGlobalAvgPool:
      require_input_count(spec, n, 1, 1);
      global_avg_pool(layer, input_shapes[0]);
      break;
    case OpKind::kAdd:
    case OpKind::kMul:
      require_input_count(spec, n, 1, SIZE_MAX);
      elementwise(layer, spec);
      break;
    case OpKind::kConcat:
      require_input_count(spec, n, 1, SIZE_MAX);
      concat(layer, spec);
      break;
    case OpKind::kActivation:
      require_input_count(spec, n, 1, 1);
      if (spec.activation == ActivationKind::kNone)
        fail(spec, "needs an activation function (" + activation_names() + ")");
      layer.output = input_shapes[0];
      // Counted below as the (only) activation of this layer.
      break;
    case OpKind::kBatchNorm:
      require_input_count(spec, n, 1, 1);
      layer.output = input_shapes[0];
      layer.params = 2 * input_shapes[0].c;  // per-channel scale and shift
      layer.vector_ops = input_shapes[0].elements();  // one multiply-add per element
      break;
    case OpKind::kReshape:
      require_input_count(spec, n, 1, 1);
      reshape(layer, spec, input_shapes[0]);
      break;
  }
  layer.vector_ops += product(spec, {layer.output.elements(),
                                     activation_ops_per_element(spec.activation)});
  return layer;
}

}  // namespace archex::workload
