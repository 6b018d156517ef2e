#pragma once
// One layer of a neural-network workload: operator, tensor shapes and the
// exact operation / size arithmetic the cost model consumes.

#include <cstdint>
#include <string>
#include <vector>

namespace archex::workload {

enum class OpKind : std::uint8_t {
  kInput,           // graph input: no compute, produces the input tensor
  kConv2d,          // incl. grouped and depthwise (groups == in_channels)
  kFullyConnected,  // weights are parameters
  kMatMul,          // both operands are activations (e.g. attention)
  kMaxPool,
  kAvgPool,
  kGlobalAvgPool,
  kAdd,             // element-wise, two or more inputs
  kMul,             // element-wise (squeeze-excite scaling)
  kConcat,          // channel concat: data movement only
  kActivation,      // ReLU, ReLU6, sigmoid, hard-swish, hard-sigmoid
  kBatchNorm,       // foldable into the preceding conv; counted as vector ops
  kReshape,         // flatten / reshape / identity: no compute
};

enum class ActivationKind : std::uint8_t { kNone, kRelu, kRelu6, kSigmoid, kHardSwish, kHardSigmoid };

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
// [C x K] is out_h = M with the right operand an activation.
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
  std::int64_t vector_ops = 0;  // non-MAC element operations (pool, add, act, bn)
  std::int64_t params = 0;      // weights + biases (parameter memory contents)
  std::int64_t input_elements() const {
    std::int64_t n = 0;
    for (const auto& s : inputs) n += s.elements();
    return n;
  }
  std::int64_t output_elements() const { return output.elements(); }
};

}  // namespace archex::workload
