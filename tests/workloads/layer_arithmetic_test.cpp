// Single-layer arithmetic against hand-computed values.

#include "workloads/layer_arithmetic.h"

#include <gtest/gtest.h>

#include "tests/workloads/test_helpers.h"
#include "workloads/registry.h"

namespace archex::workload {
namespace {

LayerSpec conv(std::int64_t out, std::int64_t kernel, std::int64_t stride, std::int64_t pad,
               std::int64_t groups = 1, bool bias = false) {
  LayerSpec s;
  s.name = "c";
  s.kind = OpKind::kConv2d;
  s.inputs = {"x"};
  s.out_channels = out;
  s.kernel_h = s.kernel_w = kernel;
  s.stride_h = s.stride_w = stride;
  s.padding = Padding::uniform(pad);
  s.groups = groups;
  s.bias = bias;
  return s;
}

LayerSpec op(OpKind kind, std::vector<std::string> inputs = {"x"}) {
  LayerSpec s;
  s.name = "l";
  s.kind = kind;
  s.inputs = std::move(inputs);
  return s;
}

TEST(Conv2d, StridedPaddedConvolution) {
  // MobileNetV2 stem: 3x3/2, pad 1, 3 -> 32 channels on 224x224.
  const Layer l = make_layer(conv(32, 3, 2, 1), {{3, 224, 224}});
  EXPECT_EQ(l.output, (TensorShape{32, 112, 112}));
  EXPECT_EQ(l.macs, 112 * 112 * 32 * 3 * 9);
  EXPECT_EQ(l.params, 32 * 3 * 9);
  EXPECT_EQ(l.vector_ops, 0);
  EXPECT_EQ(l.loops.out_channels, 32);
  EXPECT_EQ(l.loops.in_channels, 3);
  EXPECT_EQ(l.loops.stride_h, 2);
  EXPECT_EQ(l.pad_top + l.pad_bottom + l.pad_left + l.pad_right, 4);
  EXPECT_EQ(l.macs, l.loops.macs());
}

TEST(Conv2d, DilationWidensTheWindow) {
  LayerSpec s = conv(8, 3, 1, 2);
  s.dilation_h = s.dilation_w = 2;  // 5x5 extent: pad 2 keeps the size
  const Layer l = make_layer(s, {{16, 32, 32}});
  EXPECT_EQ(l.output, (TensorShape{8, 32, 32}));
  EXPECT_EQ(l.macs, 32 * 32 * 8 * 16 * 9);
  s.padding = {};
  EXPECT_EQ(make_layer(s, {{16, 32, 32}}).output, (TensorShape{8, 28, 28}));
}

TEST(Conv2d, AsymmetricKernelAndPadding) {
  LayerSpec s = conv(4, 1, 1, 0);
  s.kernel_w = 7;
  s.padding = {0, 0, 3, 3};
  const Layer l = make_layer(s, {{2, 17, 17}});
  EXPECT_EQ(l.output, (TensorShape{4, 17, 17}));
  EXPECT_EQ(l.params, 4 * 2 * 7);
}

TEST(Conv2d, DepthwiseAndGrouped) {
  const Layer dw = make_layer(conv(32, 3, 1, 1, 32, true), {{32, 112, 112}});
  EXPECT_EQ(dw.loops.groups, 32);
  EXPECT_EQ(dw.loops.in_channels, 1);
  EXPECT_EQ(dw.loops.out_channels, 1);
  EXPECT_EQ(dw.macs, 112 * 112 * 32 * 9);
  EXPECT_EQ(dw.params, 32 * 9 + 32);

  const Layer grouped = make_layer(conv(128, 3, 1, 1, 4), {{64, 8, 8}});
  EXPECT_EQ(grouped.params, 128 * 16 * 9);
  EXPECT_EQ(grouped.macs, 8 * 8 * 128 * 16 * 9);
}

TEST(Conv2d, SamePaddingPutsTheOddPixelLast) {
  LayerSpec s = conv(32, 3, 2, 0);
  s.same_padding = true;
  const Layer l = make_layer(s, {{3, 224, 224}});
  EXPECT_EQ(l.output, (TensorShape{32, 112, 112}));
  EXPECT_EQ(l.pad_top, 0);
  EXPECT_EQ(l.pad_bottom, 1);
  s.stride_h = s.stride_w = 1;
  const Layer same = make_layer(s, {{3, 7, 7}});
  EXPECT_EQ(same.output, (TensorShape{32, 7, 7}));
  EXPECT_EQ(same.pad_left, 1);
  EXPECT_EQ(same.pad_right, 1);
}

TEST(Conv2d, RejectsBadShapes) {
  EXPECT_WORKLOAD_ERROR(make_layer(conv(30, 3, 1, 1, 4), {{64, 8, 8}}), HasSubstr("layer 'c' (conv2d)"),
                        HasSubstr("groups 4 must divide"));
  LayerSpec declared = conv(8, 3, 1, 1);
  declared.in_channels = 16;
  EXPECT_WORKLOAD_ERROR(make_layer(declared, {{3, 8, 8}}), HasSubstr("declares 16 input channels"),
                        HasSubstr("input 'x' provides 3"));
  EXPECT_WORKLOAD_ERROR(make_layer(conv(8, 7, 1, 0), {{3, 5, 5}}), HasSubstr("larger than the padded input"));
  EXPECT_WORKLOAD_ERROR(make_layer(conv(0, 3, 1, 1), {{3, 5, 5}}), HasSubstr("out_channels must be >= 1"));
  EXPECT_WORKLOAD_ERROR(make_layer(conv(8, 3, 0, 1), {{3, 5, 5}}), HasSubstr("stride must be >= 1"));
  EXPECT_WORKLOAD_ERROR(make_layer(conv(8, 3, 1, 1), {{3, 5, 5}, {3, 5, 5}}), HasSubstr("expects 1 input(s), got 2"));
}

TEST(Conv2d, OverflowIsAnErrorNotUndefinedBehaviour) {
  // Sizes within what archex counts whose product does not fit 64 bits.
  EXPECT_WORKLOAD_ERROR(make_layer(conv(1LL << 30, 3, 1, 1), {{1LL << 20, 1 << 10, 1 << 10}}),
                        HasSubstr("overflows 64 bits"));
  EXPECT_WORKLOAD_ERROR(make_layer(conv(1LL << 40, 3, 1, 1), {{1LL << 20, 1 << 10, 1 << 10}}),
                        HasSubstr("out_channels 1099511627776 is beyond what archex counts"));
  EXPECT_WORKLOAD_ERROR(make_layer(conv(8, 3, 1, 1), {{1LL << 20, 1 << 16, 1 << 16}}),
                        HasSubstr("is beyond what archex counts (at most 2^30 per dimension and 2^40 elements)"));
}

TEST(FullyConnected, FlattensItsInput) {
  LayerSpec s = op(OpKind::kFullyConnected);
  s.out_channels = 4096;
  s.bias = true;
  const Layer l = make_layer(s, {{512, 7, 7}});
  EXPECT_EQ(l.loops.in_channels, 25088);
  EXPECT_EQ(l.loops.out_channels, 4096);
  EXPECT_EQ(l.output, (TensorShape{4096, 1, 1}));
  EXPECT_EQ(l.macs, 25088LL * 4096);
  EXPECT_EQ(l.params, 25088LL * 4096 + 4096);
  s.in_channels = 1000;
  EXPECT_WORKLOAD_ERROR(make_layer(s, {{512, 7, 7}}), HasSubstr("declares 1000 input features"));
}

TEST(MatMul, RowsTimesColumns) {
  // [49 x 64] x [64 x 10]: a 64x7x7 tensor is 49 rows of 64; the right operand 64 rows of 10.
  const Layer l = make_layer(op(OpKind::kMatMul, {"a", "b"}), {{64, 7, 7}, {10, 64, 1}});
  EXPECT_EQ(l.output, (TensorShape{10, 7, 7}));
  EXPECT_EQ(l.macs, 49 * 64 * 10);
  EXPECT_EQ(l.params, 0);
  EXPECT_EQ(l.macs, l.loops.macs());
  EXPECT_WORKLOAD_ERROR(make_layer(op(OpKind::kMatMul, {"a", "b"}), {{64, 7, 7}, {10, 32, 1}}),
                        HasSubstr("inner dimensions differ"), HasSubstr("'a' has 64 columns"));
}

TEST(Pooling, MaxAndAveragePools) {
  LayerSpec s = op(OpKind::kMaxPool);
  s.kernel_h = s.kernel_w = 3;
  s.stride_h = s.stride_w = 2;
  s.padding = Padding::uniform(1);
  const Layer max = make_layer(s, {{64, 112, 112}});
  EXPECT_EQ(max.output, (TensorShape{64, 56, 56}));
  EXPECT_EQ(max.macs, 0);
  EXPECT_EQ(max.vector_ops, 64 * 56 * 56 * 8);  // 8 compares per 3x3 window
  EXPECT_EQ(max.loops.groups, 64);
  s.kind = OpKind::kAvgPool;
  EXPECT_EQ(make_layer(s, {{64, 112, 112}}).vector_ops, 64 * 56 * 56 * 9);
}

TEST(Pooling, CeilModeBecomesExtraPadding) {
  LayerSpec s = op(OpKind::kMaxPool);
  s.kernel_h = s.kernel_w = 3;
  s.stride_h = s.stride_w = 2;
  s.ceil_mode = true;
  const Layer l = make_layer(s, {{64, 112, 112}});
  EXPECT_EQ(l.output, (TensorShape{64, 56, 56}));  // floor mode would give 55
  EXPECT_EQ(l.pad_bottom, 1);
  EXPECT_EQ(l.pad_top, 0);
  // PyTorch drops a last window that would start in the trailing padding:
  // 5 wide, kernel 2, stride 2, pad 1 -> 3 (not 4) even in ceil mode.
  s.kernel_h = s.kernel_w = 2;
  s.padding = Padding::uniform(1);
  EXPECT_EQ(make_layer(s, {{1, 5, 5}}).output, (TensorShape{1, 3, 3}));
}

TEST(Pooling, GlobalAveragePool) {
  const Layer l = make_layer(op(OpKind::kGlobalAvgPool), {{1280, 7, 7}});
  EXPECT_EQ(l.output, (TensorShape{1280, 1, 1}));
  EXPECT_EQ(l.vector_ops, 1280 * 49);
  EXPECT_EQ(l.loops.kernel_h, 7);
}

TEST(Elementwise, AddBroadcastsAndRejectsMismatches) {
  const Layer add = make_layer(op(OpKind::kAdd, {"a", "b"}), {{64, 56, 56}, {64, 56, 56}});
  EXPECT_EQ(add.vector_ops, 64 * 56 * 56);
  const Layer scale = make_layer(op(OpKind::kMul, {"a", "s"}), {{64, 56, 56}, {64, 1, 1}});
  EXPECT_EQ(scale.output, (TensorShape{64, 56, 56}));
  const Layer three = make_layer(op(OpKind::kAdd, {"a", "b", "c"}), {{8, 2, 2}, {8, 2, 2}, {8, 2, 2}});
  EXPECT_EQ(three.vector_ops, 2 * 32);
  EXPECT_WORKLOAD_ERROR(make_layer(op(OpKind::kAdd, {"a", "b"}), {{64, 56, 56}, {32, 56, 56}}),
                        HasSubstr("layer 'l' (add)"), HasSubstr("input 'b' has shape 32x56x56"));
}

TEST(Elementwise, ConstantOperandCountsAsParameters) {
  LayerSpec s = op(OpKind::kAdd);
  s.constant_elements = 64;
  const Layer l = make_layer(s, {{64, 4, 4}});
  EXPECT_EQ(l.params, 64);
  EXPECT_EQ(l.vector_ops, 64 * 16);
}

TEST(Concat, SumsChannels) {
  const Layer l = make_layer(op(OpKind::kConcat, {"a", "b"}), {{64, 28, 28}, {32, 28, 28}});
  EXPECT_EQ(l.output, (TensorShape{96, 28, 28}));
  EXPECT_EQ(l.vector_ops, 0);
  EXPECT_WORKLOAD_ERROR(make_layer(op(OpKind::kConcat, {"a", "b"}), {{64, 28, 28}, {32, 14, 14}}),
                        HasSubstr("input 'b' is 32x14x14"), HasSubstr("spatial sizes must match"));
}

TEST(Activation, OpsPerElement) {
  LayerSpec s = op(OpKind::kActivation);
  s.activation = ActivationKind::kHardSwish;
  EXPECT_EQ(make_layer(s, {{16, 10, 10}}).vector_ops, 3 * 1600);
  s.activation = ActivationKind::kRelu;
  EXPECT_EQ(make_layer(s, {{16, 10, 10}}).vector_ops, 1600);
  s.activation = ActivationKind::kNone;
  EXPECT_WORKLOAD_ERROR(make_layer(s, {{16, 10, 10}}), HasSubstr("needs an activation function"));
}

TEST(Activation, FusedIntoConvAddsItsOps) {
  LayerSpec s = conv(8, 1, 1, 0);
  s.activation = ActivationKind::kRelu6;
  EXPECT_EQ(make_layer(s, {{4, 5, 5}}).vector_ops, 8 * 25);
  LayerSpec pool = op(OpKind::kMaxPool);
  pool.activation = ActivationKind::kRelu;
  EXPECT_WORKLOAD_ERROR(make_layer(pool, {{4, 4, 4}}), HasSubstr("cannot carry a fused activation"));
}

TEST(BatchNorm, ScaleAndShiftPerChannel) {
  const Layer l = make_layer(op(OpKind::kBatchNorm), {{32, 10, 10}});
  EXPECT_EQ(l.params, 64);
  EXPECT_EQ(l.vector_ops, 3200);
  EXPECT_EQ(l.output, (TensorShape{32, 10, 10}));
}

TEST(Reshape, FlattenAndExplicitShape) {
  EXPECT_EQ(make_layer(op(OpKind::kReshape), {{256, 6, 6}}).output, (TensorShape{9216, 1, 1}));
  LayerSpec s = op(OpKind::kReshape);
  s.shape = {16, 3, 3};
  EXPECT_EQ(make_layer(s, {{144, 1, 1}}).output, (TensorShape{16, 3, 3}));
  EXPECT_WORKLOAD_ERROR(make_layer(s, {{145, 1, 1}}), HasSubstr("cannot reshape 145x1x1"));
}

TEST(Input, NeedsAPositiveShape) {
  LayerSpec s = op(OpKind::kInput, {});
  s.shape = {3, 0, 224};
  EXPECT_WORKLOAD_ERROR(make_layer(s, {}), HasSubstr("input shape must be positive"));
}

}  // namespace
}  // namespace archex::workload
