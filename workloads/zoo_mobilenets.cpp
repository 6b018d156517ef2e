// The mobile networks of the zoo: MobileNetV2 and MobileNet-EdgeTPU.

#include <array>
#include <string>

#include "workloads/zoo.h"
#include "workloads/zoo_blocks.h"

namespace archex::workload {
namespace {

constexpr auto kNone = ActivationKind::kNone;

}  // namespace

// Sandler et al., "MobileNetV2: Inverted Residuals and Linear Bottlenecks",
// CVPR 2018, Table 2, width 1.0 at 224x224, as torchvision.models.mobilenet_v2:
// inverted residual = 1x1 expand (omitted when t = 1) -> 3x3 depthwise ->
// 1x1 linear projection, each with batch-norm, ReLU6 after the first two.
// Published: 3,504,872 parameters, 300 M multiply-adds (0.30 GFLOPs).
WorkloadBuilder define_mobilenet_v2() {
  constexpr auto kRelu6 = ActivationKind::kRelu6;
  struct Stage {
    std::int64_t expansion, channels;
    int repeats;
    std::int64_t stride;
  };
  constexpr std::array<Stage, 7> kStages{{{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2},
                                          {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}}};
  WorkloadBuilder b("mobilenet_v2");
  std::string x = b.input("input", {3, 224, 224});
  x = conv_bn_act(b, "features.0", x, {.out_channels = 32, .kernel = 3, .stride = 2, .padding = 1}, kRelu6);
  std::int64_t in_channels = 32;
  int index = 1;  // torchvision's features.<index>
  for (const Stage& stage : kStages) {
    for (int i = 0; i < stage.repeats; ++i, ++index) {
      const std::string n = "features." + std::to_string(index);
      const std::int64_t stride = i == 0 ? stage.stride : 1;
      const std::int64_t hidden = in_channels * stage.expansion;
      std::string h = x;
      if (stage.expansion != 1) h = conv_bn_act(b, n + ".expand", h, {.out_channels = hidden}, kRelu6);
      h = conv_bn_act(b, n + ".depthwise", h,
                      {.out_channels = hidden, .kernel = 3, .stride = stride, .padding = 1, .groups = hidden},
                      kRelu6);
      h = conv_bn_act(b, n + ".project", h, {.out_channels = stage.channels}, kNone);
      // torchvision: x + conv(x), when the block keeps resolution and width.
      x = stride == 1 && in_channels == stage.channels ? b.add_tensors(n + ".add", {x, h}) : h;
      in_channels = stage.channels;
    }
  }
  x = conv_bn_act(b, "features.18", x, {.out_channels = 1280}, kRelu6);
  x = b.global_avg_pool("avgpool", x);
  b.fully_connected("classifier", x, 1000);  // dropout before it is inference identity
  return b;
}

// MobileNet-EdgeTPU, the MobileNetEdge of the Apollo paper (Yazdanbakhsh et
// al., arXiv:2102.01723), as defined by the TensorFlow model garden
// (official/projects/edgetpu/vision/modeling/mobilenet_edgetpu_v1_model_blocks.py,
// ModelConfig defaults): ReLU, no squeeze-excite, TF "same" padding, and in the
// early stages "fused" inverted bottlenecks whose expansion is a regular 3x3
// conv instead of 1x1 + depthwise. 1001 classes (background + ImageNet), the
// logits a 1x1 conv with bias on the pooled 1280 features. The final softmax is
// not modelled (no MACs; not an operator of this library).
WorkloadBuilder define_mobilenet_edgetpu() {
  constexpr auto kRelu = ActivationKind::kRelu;
  enum class Expand { kFused, kRegular3x3, kDepthwise };
  struct Block {
    std::int64_t in, out, kernel;
    int repeats;
    std::int64_t expansion, stride;
    Expand type;
    bool skip = true;  // identity skip when resolution and width are kept
  };
  // (input, output, kernel, repeats, expansion, stride, conv type[, id_skip]) as in ModelConfig.blocks.
  constexpr std::array<Block, 12> kBlocks{{
      {32, 16, 3, 1, 1, 1, Expand::kRegular3x3},
      {16, 32, 3, 1, 8, 2, Expand::kFused},
      {32, 32, 3, 3, 4, 1, Expand::kRegular3x3},
      {32, 48, 3, 1, 8, 2, Expand::kFused},
      {48, 48, 3, 3, 4, 1, Expand::kRegular3x3},
      {48, 96, 3, 1, 8, 2, Expand::kDepthwise},
      {96, 96, 3, 3, 4, 1, Expand::kDepthwise},
      {96, 96, 3, 1, 8, 1, Expand::kDepthwise, false},
      {96, 96, 3, 3, 4, 1, Expand::kDepthwise},
      {96, 160, 5, 1, 8, 2, Expand::kDepthwise},
      {160, 160, 5, 3, 4, 1, Expand::kDepthwise},
      {160, 192, 3, 1, 8, 1, Expand::kDepthwise},
  }};
  WorkloadBuilder b("mobilenet_edgetpu");
  std::string x = b.input("input", {3, 224, 224});
  x = conv_bn_act(b, "stem", x, {.out_channels = 32, .kernel = 3, .stride = 2, .same_padding = true}, kRelu);
  for (std::size_t s = 0; s < kBlocks.size(); ++s) {
    Block block = kBlocks[s];
    for (int i = 0; i < block.repeats; ++i) {
      const std::string n = "stack_" + std::to_string(s) + ".block_" + std::to_string(i);
      const std::int64_t filters = block.in * block.expansion;
      std::string h = x;
      // mb_conv_block: a fused block expands with a k x k strided conv; a
      // regular-conv block with a 3x3 (stride 1) conv, skipped at expansion 1;
      // a depthwise block with 1x1 + k x k depthwise.
      if (block.type == Expand::kFused) {
        h = conv_bn_act(b, n + ".fused", h,
                        {.out_channels = filters, .kernel = block.kernel, .stride = block.stride, .same_padding = true},
                        kRelu);
      } else if (block.type == Expand::kRegular3x3) {
        if (block.expansion != 1)
          h = conv_bn_act(b, n + ".expand", h, {.out_channels = filters, .kernel = 3, .same_padding = true}, kRelu);
      } else {
        if (block.expansion != 1) h = conv_bn_act(b, n + ".expand", h, {.out_channels = filters}, kRelu);
        h = conv_bn_act(b, n + ".depthwise", h,
                        {.out_channels = filters, .kernel = block.kernel, .stride = block.stride,
                         .groups = filters, .same_padding = true},
                        kRelu);
      }
      h = conv_bn_act(b, n + ".project", h, {.out_channels = block.out}, kNone);
      // Model garden: add([x, inputs]) when the block keeps resolution and width.
      const bool residual = block.skip && block.stride == 1 && block.in == block.out;
      x = residual ? b.add_tensors(n + ".add", {h, x}) : h;
      // Repeats take the block's output width and stride 1.
      block.in = block.out;
      block.stride = 1;
    }
  }
  x = conv_bn_act(b, "top", x, {.out_channels = 1280}, kRelu);
  x = b.global_avg_pool("top_pool", x);  // AveragePooling2D over the whole 7x7 map
  b.conv2d("logits", x, {.out_channels = 1001, .bias = true});  // dropout before it is inference identity
  return b;
}

}  // namespace archex::workload
