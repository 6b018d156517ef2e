#pragma once
// One layer of a neural-network workload: operator, tensor shapes and the
// exact operation / size arithmetic the cost model consumes.
//
// Every tensor is stored as a TensorShape c x h x w (batch 1). An image
// feature map is channels x height x width. A token sequence (transformer
// activations, ONNX [1, tokens, features]) is c = features, h = tokens, w = 1,
// so a weight applied to every token is a 1x1 convolution over `tokens`
// positions and a LayerNorm / Softmax over the features reduces along c.
// Higher-rank tensors fold their leading axes into c: [1, heads, tokens,
// head_dim] is heads x tokens x head_dim (onnx_tensors.h has the rules).

#include <cstdint>
#include <string>
#include <vector>

namespace archex::workload {

enum class OpKind : std::uint8_t {
  kInput,           // graph input: no compute, produces the input tensor
  kConv2d,          // incl. grouped and depthwise (groups == in_channels)
  kFullyConnected,  // weights are parameters
  kMatMul,          // both operands are activations (attention Q.K^T, A.V), batched by `groups`
  kMaxPool,
  kAvgPool,
  kGlobalAvgPool,
  kAdd,             // element-wise, two or more inputs
  kMul,             // element-wise (squeeze-excite scaling)
  kConcat,          // channel concat: data movement only
  kActivation,      // ReLU, ReLU6, sigmoid, hard-swish, hard-sigmoid
  kBatchNorm,       // foldable into the preceding conv; counted as vector ops
  kReshape,         // flatten / reshape / identity: no compute
  kConvTranspose,   // transposed 2-D convolution (deconvolution)
  kSoftmax,         // over rows of loops.in_channels elements
  kLayerNorm,       // over rows of loops.in_channels elements, with scale and shift
  kReduceMean,      // mean over any axes (the output shape says which)
  kReduceSum,
  kDiv,             // element-wise division of activations (a special-function op each)
  kCopy,            // moves data, computes nothing: transpose, slice, split, gather, pad, expand
  kResize,          // up / down sampling; kernel = interpolation taps (1 = nearest)
  kEmbedding,       // rows of a parameter table picked by token ids (Gather on a weight)
  kState,           // a tensor kept across inferences (an LLM's KV cache): read by its consumers
};

// kGelu .. kReciprocal need a special-function unit (exp, erf, tanh, sqrt,
// reciprocal): see special_ops_per_element() in layer_arithmetic.h.
enum class ActivationKind : std::uint8_t {
  kNone, kRelu, kRelu6, kSigmoid, kHardSwish, kHardSigmoid,
  kGelu, kErf, kTanh, kExp, kSqrt, kReciprocal,
};

// The largest tensor archex counts: any dimension (and any channel count,
// kernel, stride, dilation or padding of a layer) at most 2^30, any tensor at
// most 2^40 elements. Within these, a layer's operation counts are products
// checked for 64-bit overflow; beyond them a workload is refused when it is
// read, whatever the file says.
inline constexpr std::int64_t kMaxDimension = std::int64_t{1} << 30;
inline constexpr std::int64_t kMaxElements = std::int64_t{1} << 40;

// Activation tensor of one inference (batch 1), channels x height x width.
struct TensorShape {
  std::int64_t c = 0;
  std::int64_t h = 1;
  std::int64_t w = 1;
  std::int64_t elements() const { return c * h * w; }
  friend bool operator==(const TensorShape&, const TensorShape&) = default;
};

// The loop nest every MAC layer reduces to:
//   for g < groups, k < out_channels, c < in_channels, p < out_h, q < out_w,
//       r < kernel_h, s < kernel_w:  out[g,k,p,q] += in[g,c,..] * w[g,k,c,r,s]
// out_channels / in_channels are per group. A fully connected layer is
// K = out features, C = in features, P = Q = R = S = 1; a MatMul [M x C] x
// [C x K] is out_h = M with the right operand an activation, and a batched
// MatMul (attention over heads) has one group per matrix product. A
// transposed convolution runs P x Q over its input pixels (each scatters a
// kernel); softmax / layer-norm keep the length of the normalised axis in C.
struct LoopNest {
  std::int64_t groups = 1;
  std::int64_t out_channels = 1;  // K, per group
  std::int64_t in_channels = 1;   // C, per group
  std::int64_t out_h = 1;         // P
  std::int64_t out_w = 1;         // Q
  std::int64_t kernel_h = 1;      // R
  std::int64_t kernel_w = 1;      // S
  std::int64_t stride_h = 1;
  std::int64_t stride_w = 1;
  std::int64_t dilation_h = 1;
  std::int64_t dilation_w = 1;
  std::int64_t macs() const {
    return groups * out_channels * in_channels * out_h * out_w * kernel_h * kernel_w;
  }
};

struct Layer {
  std::string name;
  OpKind kind = OpKind::kInput;
  ActivationKind activation = ActivationKind::kNone;  // for kActivation, or fused
  std::vector<TensorShape> inputs;  // activation inputs, in order
  TensorShape output;
  LoopNest loops;                   // meaningful for conv / FC / MatMul / pooling
  std::int64_t pad_top = 0, pad_bottom = 0, pad_left = 0, pad_right = 0;

  // Exact counts for one inference (batch 1).
  std::int64_t macs = 0;        // multiply-accumulates
  std::int64_t vector_ops = 0;  // non-MAC element operations (pool, add, act, bn, softmax, ...)
  // Of vector_ops, those needing a special-function unit (exp, erf, tanh,
  // sqrt, reciprocal, division): slower than a lane op on real hardware.
  std::int64_t special_ops = 0;
  std::int64_t params = 0;      // weights + biases (parameter memory contents)
  // kMatMul: the right operand is kState (a KV cache): kept in DRAM across
  // inferences like a weight, so it streams in every inference unless it fits on chip.
  bool state_operand = false;
  std::int64_t input_elements() const {
    std::int64_t n = 0;
    for (const auto& s : inputs) n += s.elements();
    return n;
  }
  std::int64_t output_elements() const { return output.elements(); }
};

}  // namespace archex::workload
