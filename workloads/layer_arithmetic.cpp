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
  if (s.c > kMaxDimension || s.h > kMaxDimension || s.w > kMaxDimension ||
      static_cast<double>(s.c) * static_cast<double>(s.h) * static_cast<double>(s.w) >
          static_cast<double>(kMaxElements))
    fail(spec, std::string(what) + " shape " + shape_text(s) + " is beyond what archex counts (at most 2^30 per " +
                   "dimension and 2^40 elements)");
}

// Every number of the layer's geometry within [-2^30, 2^30] (kMaxDimension),
// before any arithmetic on them.
void require_sizes_in_range(const LayerSpec& spec) {
  const std::pair<const char*, std::int64_t> sizes[] = {
      {"out_channels", spec.out_channels}, {"in_channels", spec.in_channels}, {"kernel", spec.kernel_h},
      {"kernel", spec.kernel_w},           {"stride", spec.stride_h},         {"stride", spec.stride_w},
      {"dilation", spec.dilation_h},       {"dilation", spec.dilation_w},     {"groups", spec.groups},
      {"padding", spec.padding.top},       {"padding", spec.padding.bottom},  {"padding", spec.padding.left},
      {"padding", spec.padding.right},     {"shape", spec.shape.c},           {"shape", spec.shape.h},
      {"shape", spec.shape.w}};
  for (const auto& [field, value] : sizes)
    if (value > kMaxDimension || value < -kMaxDimension)
      fail(spec, std::string(field) + " " + std::to_string(value) + " is beyond what archex counts (at most 2^30)");
  if (spec.constant_elements < 0 || spec.constant_elements > kMaxElements)
    fail(spec, "constant operands of " + std::to_string(spec.constant_elements) +
                   " elements are beyond what archex counts (0 to 2^40)");
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
void legacy_matmul(Layer& layer, const LayerSpec& spec, const TensorShape& a, const TensorShape& b) {
  if (spec.groups != 1) fail(spec, "a batched matmul (groups > 1) needs in_channels (the inner dimension)");
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

// G products [M x K] x [K x N] (G = batch x heads in attention): the left
// operand holds G*M*K elements, the right G*K*N (or K*N, shared by all G).
// The output is `shape` when stated, else N x M x 1 (G = 1) or G x M x N,
// the layouts of ONNX [1, M, N] and [1, G, M, N].
void matmul(Layer& layer, const LayerSpec& spec, const TensorShape& a, const TensorShape& b) {
  if (spec.in_channels == 0) return legacy_matmul(layer, spec, a, b);
  const std::int64_t g = spec.groups, k = spec.in_channels, n = spec.out_channels;
  require_positive(spec, "groups", g);
  require_positive(spec, "out_channels", n);
  const std::int64_t gk = product(spec, {g, k});
  if (a.elements() % gk != 0)
    fail(spec, "input '" + input_name(spec, 0) + "' (" + shape_text(a) + ") is not " + std::to_string(g) +
                   " matrices with " + std::to_string(k) + " columns");
  const std::int64_t m = a.elements() / gk;
  if (b.elements() != product(spec, {gk, n}) && b.elements() != product(spec, {k, n}))
    fail(spec, "input '" + input_name(spec, 1) + "' (" + shape_text(b) + ") is not " + std::to_string(g) +
                   " (or 1) matrices of " + std::to_string(k) + " x " + std::to_string(n));
  const TensorShape out = spec.shape.c > 0 ? spec.shape : g == 1 ? TensorShape{n, m, 1} : TensorShape{g, m, n};
  if (out.elements() != product(spec, {g, m, n}))
    fail(spec, "output " + shape_text(out) + " does not hold " + std::to_string(g) + " x " + std::to_string(m) +
                   " x " + std::to_string(n) + " elements");
  LoopNest& l = layer.loops;
  l.groups = g;
  l.out_channels = n;
  l.in_channels = k;
  l.out_h = m;
  layer.output = out;
  layer.macs = product(spec, {g, n, k, m});
}

// Each input pixel scatters a kernel: the loop nest runs P x Q over the input,
// out = (in - 1) * stride - padding + dilation * (kernel - 1) + 1 per axis
// (plus ONNX output_padding when `shape` states a larger output).
void conv_transpose(Layer& layer, const LayerSpec& spec, const TensorShape& in) {
  check_declared_inputs(spec, in.c, "input channels");
  require_positive(spec, "out_channels", spec.out_channels);
  require_positive(spec, "groups", spec.groups);
  require_positive(spec, "kernel", std::min(spec.kernel_h, spec.kernel_w));
  require_positive(spec, "stride", std::min(spec.stride_h, spec.stride_w));
  require_positive(spec, "dilation", std::min(spec.dilation_h, spec.dilation_w));
  if (in.c % spec.groups != 0 || spec.out_channels % spec.groups != 0)
    fail(spec, "groups " + std::to_string(spec.groups) + " must divide both input channels " +
                   std::to_string(in.c) + " and output channels " + std::to_string(spec.out_channels));
  const Padding& pad = spec.padding;
  const std::int64_t out_h = (in.h - 1) * spec.stride_h - pad.top - pad.bottom + spec.dilation_h * (spec.kernel_h - 1) + 1;
  const std::int64_t out_w = (in.w - 1) * spec.stride_w - pad.left - pad.right + spec.dilation_w * (spec.kernel_w - 1) + 1;
  TensorShape out{spec.out_channels, out_h, out_w};
  if (spec.shape.c > 0) {
    const bool extra_ok = spec.shape.h >= out_h && spec.shape.h < out_h + spec.stride_h &&
                          spec.shape.w >= out_w && spec.shape.w < out_w + spec.stride_w;
    if (spec.shape.c != spec.out_channels || !extra_ok)
      fail(spec, "stated output " + shape_text(spec.shape) + " does not follow from input " + shape_text(in) +
                     " (expected " + shape_text(out) + " plus an output padding below the stride)");
    out = spec.shape;
  }
  require_positive_shape(spec, out, "output");
  layer.pad_top = pad.top;
  layer.pad_bottom = pad.bottom;
  layer.pad_left = pad.left;
  layer.pad_right = pad.right;
  LoopNest& l = layer.loops;
  l.groups = spec.groups;
  l.out_channels = spec.out_channels / spec.groups;
  l.in_channels = in.c / spec.groups;
  l.out_h = in.h;
  l.out_w = in.w;
  l.kernel_h = spec.kernel_h;
  l.kernel_w = spec.kernel_w;
  l.stride_h = spec.stride_h;
  l.stride_w = spec.stride_w;
  l.dilation_h = spec.dilation_h;
  l.dilation_w = spec.dilation_w;
  layer.output = out;
  layer.macs = product(spec, {l.groups, l.out_channels, l.in_channels, in.h, in.w, l.kernel_h, l.kernel_w});
  layer.params = product(spec, {in.c, l.out_channels, l.kernel_h, l.kernel_w}) + (spec.bias ? spec.out_channels : 0);
}

// Rows of `in_channels` elements (0: the channels) for softmax / layer-norm.
std::int64_t normalized_rows(Layer& layer, const LayerSpec& spec, const TensorShape& in) {
  const std::int64_t length = spec.in_channels > 0 ? spec.in_channels : in.c;
  if (in.elements() % length != 0)
    fail(spec, "axis length " + std::to_string(length) + " does not divide the input " + shape_text(in));
  layer.loops.in_channels = length;
  layer.output = in;
  return in.elements() / length;
}

// Numerically stable softmax, as PyTorch and the ONNX reference compute it:
// per element a max-compare, a subtraction of the row max, an exp, a sum-add
// and a multiply by the row's reciprocal (5 ops, the exp special); per row
// one reciprocal (special).
void softmax(Layer& layer, const LayerSpec& spec, const TensorShape& in) {
  const std::int64_t rows = normalized_rows(layer, spec, in);
  layer.vector_ops = product(spec, {in.elements(), 5}) + rows;
  layer.special_ops = in.elements() + rows;
}

// LayerNorm (Ba et al. 2016; torch.nn.LayerNorm): per element a sum-add for
// the mean, a subtraction of the mean, a square-accumulate for the variance,
// a multiply by 1/sigma and the scale-and-shift multiply-add (5 ops); per row
// the two 1/length scalings, the + epsilon and one reciprocal square root
// (4 ops, the rsqrt special). Parameters: the scale and shift tensors.
void layer_norm(Layer& layer, const LayerSpec& spec, const TensorShape& in) {
  const std::int64_t rows = normalized_rows(layer, spec, in);
  layer.vector_ops = product(spec, {in.elements(), 5}) + product(spec, {rows, 4});
  layer.special_ops = rows;
  layer.params = spec.constant_elements;
}

// Layers whose output shape the spec states (the importer derives it from
// the ONNX shapes; a workload file writes it as `output`).
const TensorShape& stated_output(const LayerSpec& spec) {
  if (spec.shape.c < 1) fail(spec, "needs its output shape");
  require_positive_shape(spec, spec.shape, "output");
  return spec.shape;
}

// A sum over any axes: one add per input element it folds (in - out); a mean
// also scales each output once.
void reduce(Layer& layer, const LayerSpec& spec, const TensorShape& in) {
  layer.output = stated_output(spec);
  const std::int64_t out = layer.output.elements();
  if (out > in.elements() || in.elements() % out != 0)
    fail(spec, "output " + shape_text(layer.output) + " is not a reduction of input " + shape_text(in));
  layer.vector_ops = in.elements() - out + (spec.kind == OpKind::kReduceMean ? out : 0);
}

// Each output element a weighted sum of `kernel` taps of the input (bilinear:
// 2 x 2 multiply-adds); nearest (one tap) only copies.
void resize(Layer& layer, const LayerSpec& spec) {
  layer.output = stated_output(spec);
  require_positive(spec, "kernel", std::min(spec.kernel_h, spec.kernel_w));
  const std::int64_t taps = product(spec, {spec.kernel_h, spec.kernel_w});
  layer.loops.kernel_h = spec.kernel_h;
  layer.loops.kernel_w = spec.kernel_w;
  layer.vector_ops = taps > 1 ? product(spec, {layer.output.elements(), taps}) : 0;
}

// Token ids -> rows of a vocabulary x features table (a parameter).
void embedding(Layer& layer, const LayerSpec& spec, const TensorShape& ids) {
  require_positive(spec, "vocabulary", spec.in_channels);
  require_positive(spec, "out_features", spec.out_channels);
  layer.loops.in_channels = spec.in_channels;
  layer.loops.out_channels = spec.out_channels;
  layer.output = {spec.out_channels, ids.elements(), 1};
  layer.params = spec.tied ? 0 : product(spec, {spec.in_channels, spec.out_channels});
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
  if (spec.kind == OpKind::kDiv) layer.special_ops = layer.vector_ops;  // a division each
}

// Along channels by default; along another axis, or with constant operands
// (a class token: their parameters are constant_elements), the spec states
// the output.
void concat(Layer& layer, const LayerSpec& spec) {
  layer.params = spec.constant_elements;
  if (spec.shape.c > 0) {
    layer.output = stated_output(spec);
    if (layer.output.elements() < layer.input_elements())
      fail(spec, "output " + shape_text(layer.output) + " is smaller than its inputs");
    return;
  }
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
    case OpKind::kConvTranspose:
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
    case ActivationKind::kGelu: return 5;
    default: return 1;
  }
}

int special_ops_per_element(ActivationKind kind) {
  switch (kind) {
    case ActivationKind::kGelu:
    case ActivationKind::kErf:
    case ActivationKind::kTanh:
    case ActivationKind::kExp:
    case ActivationKind::kSqrt:
    case ActivationKind::kReciprocal:
      return 1;
    default:
      return 0;
  }
}

Layer make_layer(const LayerSpec& spec, const std::vector<TensorShape>& input_shapes) {
  Layer layer;
  layer.name = spec.name;
  layer.kind = spec.kind;
  layer.activation = spec.activation;
  layer.inputs = input_shapes;
  require_sizes_in_range(spec);
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
    case OpKind::kDiv:
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
    case OpKind::kConvTranspose:
      require_input_count(spec, n, 1, 1);
      conv_transpose(layer, spec, input_shapes[0]);
      break;
    case OpKind::kSoftmax:
      require_input_count(spec, n, 1, 1);
      softmax(layer, spec, input_shapes[0]);
      break;
    case OpKind::kLayerNorm:
      require_input_count(spec, n, 1, 1);
      layer_norm(layer, spec, input_shapes[0]);
      break;
    case OpKind::kReduceMean:
    case OpKind::kReduceSum:
      require_input_count(spec, n, 1, 1);
      reduce(layer, spec, input_shapes[0]);
      break;
    case OpKind::kCopy:
      require_input_count(spec, n, 1, SIZE_MAX);
      layer.output = stated_output(spec);
      break;
    case OpKind::kResize:
      require_input_count(spec, n, 1, 1);
      resize(layer, spec);
      break;
    case OpKind::kEmbedding:
      require_input_count(spec, n, 1, 1);
      embedding(layer, spec, input_shapes[0]);
      break;
    case OpKind::kState:
      require_input_count(spec, n, 0, 0);
      layer.output = stated_output(spec);
      break;
  }
  // Simple ops of a (fused) activation, plus its special-function ops.
  layer.vector_ops += product(spec, {layer.output.elements(), activation_ops_per_element(spec.activation)});
  layer.special_ops += product(spec, {layer.output.elements(), special_ops_per_element(spec.activation)});
  return layer;
}

}  // namespace archex::workload
