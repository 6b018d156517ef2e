#pragma once
// One layer as a model definition, workload file or ONNX node states it: the
// operator, its attributes and the names of the layers feeding it. Shapes and
// counts are not part of a spec; WorkloadBuilder derives them (layer_arithmetic.h).

#include <cstdint>
#include <string>
#include <vector>

#include "workloads/layer.h"

namespace archex::workload {

struct Padding {
  std::int64_t top = 0, bottom = 0, left = 0, right = 0;
  static Padding uniform(std::int64_t p) { return {p, p, p, p}; }
  friend bool operator==(const Padding&, const Padding&) = default;
};

struct LayerSpec {
  std::string name;
  OpKind kind = OpKind::kInput;
  // kActivation: the function applied. Other kinds: a fused post-op.
  ActivationKind activation = ActivationKind::kNone;
  std::vector<std::string> inputs;  // producer layer names, in operand order

  // conv2d / conv_transpose: total output channels; fully_connected,
  // embedding: output features; matmul: columns N of the right operand.
  std::int64_t out_channels = 0;
  // conv2d / conv_transpose: total input channels; fully_connected: input
  // features. 0 = take them from the producer; otherwise checked against it.
  // matmul: the inner dimension K (0: the legacy 2-D form, K = input channels);
  // softmax / layer_norm: length of the normalised axis (0: the channels);
  // embedding: vocabulary size (table rows).
  std::int64_t in_channels = 0;
  // conv2d / pooling window geometry.
  std::int64_t kernel_h = 1, kernel_w = 1;
  std::int64_t stride_h = 1, stride_w = 1;
  std::int64_t dilation_h = 1, dilation_w = 1;
  // conv2d / conv_transpose (groups == in_channels is depthwise); matmul: the
  // number of independent products (batch x heads).
  std::int64_t groups = 1;
  Padding padding;
  // TensorFlow / ONNX "SAME_UPPER": out = ceil(in / stride), the odd pixel of
  // padding at the bottom / right. Replaces `padding` when set.
  bool same_padding = false;
  // Pooling: round the output size up (PyTorch ceil_mode=True); becomes extra
  // bottom / right padding in the built Layer.
  bool ceil_mode = false;
  bool bias = false;  // conv2d / fully_connected: one bias per output channel
  // embedding: the table is another layer's weights (GPT-2's LM head reuses
  // the token embedding), counted there, so no parameters of its own.
  bool tied = false;

  // input / state: the tensor. reshape: the target shape; c == 0 means
  // flatten to c x 1 x 1. copy, resize, reduce_*: the output (required);
  // concat, matmul, conv_transpose: the output when it is not the default.
  // resize: kernel_h x kernel_w are the interpolation taps (1 x 1 = nearest).
  TensorShape shape{0, 1, 1};
  // add / mul / div / concat / layer_norm: elements of constant operands (a
  // bias, scale, class token, positional embedding), counted as parameters.
  // An add / mul with one activation input has a constant operand.
  std::int64_t constant_elements = 0;
};

}  // namespace archex::workload
