// ONNX operators of transformers and modern CNNs, one small graph each, with
// the counts worked out by hand.

#include <gtest/gtest.h>

#include "tests/workloads/onnx_graph_builder.h"
#include "tests/workloads/test_helpers.h"
#include "workloads/onnx_import.h"
#include "workloads/registry.h"

namespace archex::workload {
namespace {

using testing::Attr;
using testing::OnnxGraphBuilder;

constexpr BuildOptions kAsWritten{.fold_batch_norm = false, .fuse_activations = false};

Workload import(OnnxGraphBuilder& g, const std::string& output) {
  return import_onnx_bytes(g.serialized(output), "ops.onnx", {.build = kAsWritten});
}

// 4 -> 2 channels, 3 x 3, stride 2, pads 1, output_padding 1: each of the
// 8 x 8 input pixels scatters 2 x 3 x 3 outputs per input channel.
TEST(OnnxTensorOps, ConvTranspose) {
  OnnxGraphBuilder g("deconv");
  const std::string y = g.node("ConvTranspose", {g.input("x", {1, 4, 8, 8}), g.weight("w", {4, 2, 3, 3})},
                               {Attr{"strides", {2, 2}}, Attr{"pads", {1, 1, 1, 1}}, Attr{"output_padding", {1, 1}}});
  const Workload w = import(g, y);
  const Layer& l = w.layers().back();
  EXPECT_EQ(l.kind, OpKind::kConvTranspose);
  EXPECT_EQ(l.output, (TensorShape{2, 16, 16}));  // (8 - 1) x 2 - 2 + 3 + 1
  EXPECT_EQ(l.macs, 4 * 2 * 8 * 8 * 9);
  EXPECT_EQ(l.params, 4 * 2 * 9);
}

TEST(OnnxTensorOps, ResizeNearestCopiesLinearInterpolates) {
  for (const char* mode : {"nearest", "linear"}) {
    OnnxGraphBuilder g("resize");
    const std::string scales = g.constant_floats({1, 1, 2, 2}, {4});
    const std::string y = g.node("Resize", {g.input("x", {1, 4, 8, 8}), "", scales}, {Attr{"mode", {}, true, mode}});
    const Layer l = import(g, y).layers().back();  // a copy: the workload is a temporary
    EXPECT_EQ(l.kind, OpKind::kResize);
    EXPECT_EQ(l.output, (TensorShape{4, 16, 16}));
    // Bilinear: 2 x 2 taps, one multiply-add each per output element.
    EXPECT_EQ(l.vector_ops, std::string(mode) == "nearest" ? 0 : 4 * 16 * 16 * 4) << mode;
  }
}

// LayerNormalization (opset 17) over 16 features of 8 tokens: 5 ops per
// element + 4 per row, one rsqrt per row; scale and shift are parameters.
TEST(OnnxTensorOps, LayerNormalization) {
  OnnxGraphBuilder g("ln", 17);
  const std::string y = g.node("LayerNormalization", {g.input("x", {1, 8, 16}), g.weight("scale", {16}), g.weight("bias", {16})});
  const Layer l = import(g, y).layers().back();  // a copy: the workload is a temporary
  EXPECT_EQ(l.kind, OpKind::kLayerNorm);
  EXPECT_EQ(l.output, (TensorShape{16, 8, 1}));
  EXPECT_EQ(l.vector_ops, 5 * 128 + 4 * 8);
  EXPECT_EQ(l.special_ops, 8);
  EXPECT_EQ(l.params, 32);
}

// Softmax over the last axis of 2 heads x 4 x 4 scores.
TEST(OnnxTensorOps, SoftmaxOverTheLastAxis) {
  OnnxGraphBuilder g("softmax");
  const std::string y = g.node("Softmax", {g.input("scores", {1, 2, 4, 4})}, {Attr{"axis", {-1}, false}});
  const Layer l = import(g, y).layers().back();  // a copy: the workload is a temporary
  EXPECT_EQ(l.kind, OpKind::kSoftmax);
  EXPECT_EQ(l.loops.in_channels, 4);
  EXPECT_EQ(l.vector_ops, 5 * 32 + 8);
  EXPECT_EQ(l.special_ops, 32 + 8);
}

// Sums over the channels (axes as an input, opset 13): 4 -> 1 per pixel.
TEST(OnnxTensorOps, ReduceOverAnyAxes) {
  OnnxGraphBuilder g("reduce");
  const std::string y = g.node("ReduceSum", {g.input("x", {1, 4, 8, 8}), g.constant_ints({1})});
  const Layer l = import(g, y).layers().back();  // a copy: the workload is a temporary
  EXPECT_EQ(l.kind, OpKind::kReduceSum);
  EXPECT_EQ(l.output, (TensorShape{1, 8, 8}));
  EXPECT_EQ(l.vector_ops, 256 - 64);
  OnnxGraphBuilder m("mean");
  const std::string z = m.node("ReduceMean", {m.input("x", {1, 4, 8, 8})}, {Attr{"axes", {1}}});
  EXPECT_EQ(import(m, z).layers().back().vector_ops, 256);  // 192 adds + 64 scalings
}

// Pads and channel slices move data: copies with the ONNX output shape.
TEST(OnnxTensorOps, PadAndSliceAreCopies) {
  OnnxGraphBuilder g("pad");
  const std::string x = g.input("x", {1, 4, 8, 8});
  const std::string padded = g.node("Pad", {x, g.constant_ints({0, 0, 1, 1, 0, 0, 1, 1})});
  const std::string half = g.node("Slice", {padded, g.constant_ints({0}), g.constant_ints({2}), g.constant_ints({1})});
  const Workload w = import(g, half);
  ASSERT_EQ(w.layers().size(), 3u);
  EXPECT_EQ(w.layers()[1].kind, OpKind::kCopy);
  EXPECT_EQ(w.layers()[1].output, (TensorShape{4, 10, 10}));
  EXPECT_EQ(w.layers()[2].kind, OpKind::kCopy);
  EXPECT_EQ(w.layers()[2].output, (TensorShape{2, 10, 10}));
  EXPECT_EQ(w.total_macs() + w.layers()[1].vector_ops, 0);
}

// Token ids picking rows of a 100 x 16 table; the table is 1,600 parameters.
TEST(OnnxTensorOps, GatherOnAWeightIsAnEmbedding) {
  OnnxGraphBuilder g("embed");
  const std::string y = g.node("Gather", {g.weight("table", {100, 16}), g.input("ids", {1, 8})});
  const Layer l = import(g, y).layers().back();  // a copy: the workload is a temporary
  EXPECT_EQ(l.kind, OpKind::kEmbedding);
  EXPECT_EQ(l.output, (TensorShape{16, 8, 1}));
  EXPECT_EQ(l.params, 1600);
}

// One initializer read by two nodes counts once (tied weights).
TEST(OnnxTensorOps, AnInitializerIsCountedOnce) {
  OnnxGraphBuilder g("shared");
  const std::string x = g.input("x", {1, 4, 8, 8});
  const std::string scale = g.weight("scale", {4, 1, 1});
  const std::string y = g.node("Mul", {g.node("Mul", {x, scale}), scale});
  EXPECT_EQ(import(g, y).total_params(), 4);
}

TEST(OnnxTensorOps, BadShapesNameTheNode) {
  OnnxGraphBuilder g("mismatch");
  const std::string a = g.input("a", {1, 2, 4, 8});
  const std::string b = g.input("b", {1, 2, 4, 8});  // inner dims 8 vs 4
  EXPECT_WORKLOAD_ERROR(import(g, g.node("MatMul", {a, b})), HasSubstr("ops.onnx: node '/MatMul_1' (MatMul)"),
                        HasSubstr("inner dimensions differ: 8 and 4"));
}

}  // namespace
}  // namespace archex::workload
