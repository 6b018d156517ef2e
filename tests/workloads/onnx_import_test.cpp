// ONNX import against torchvision-style exports built in C++ and against the zoo.

#include "workloads/onnx_import.h"

#include <cmath>

#include <gtest/gtest.h>

#include "tests/workloads/onnx_graph_builder.h"
#include "tests/workloads/test_helpers.h"
#include "workloads/registry.h"
#include "workloads/zoo.h"

namespace archex::workload {
namespace {

using testing::Attr;
using testing::BuiltModel;
using testing::expect_same_network;
using testing::OnnxGraphBuilder;
using testing::TempDir;

constexpr BuildOptions kUnfolded{.fold_batch_norm = false, .fuse_activations = false};

Workload import(BuiltModel& m, const BuildOptions& options = {}) {
  return import_onnx_bytes(m.graph.serialized(m.output), "test.onnx", {.name = "", .build = options});
}

std::int64_t count_kind(const Workload& w, OpKind kind) {
  std::int64_t n = 0;
  for (const Layer& l : w.layers()) n += l.kind == kind;
  return n;
}

TEST(OnnxImport, MobileNetV2ExportEqualsTheZoo) {
  BuiltModel m = testing::mobilenet_v2_export();
  const Workload imported = import(m);
  EXPECT_EQ(imported.name(), "torch_jit");
  EXPECT_EQ(imported.total_macs(), m.graph.macs);
  EXPECT_EQ(imported.total_params(), m.graph.weights);
  const Workload zoo = define_mobilenet_v2().build();
  EXPECT_EQ(imported.total_macs(), zoo.total_macs());
  EXPECT_EQ(imported.total_params(), zoo.total_params());
  expect_same_network(imported, zoo);  // the Shape/Gather/Reshape chain and Dropout leave no layer
}

TEST(OnnxImport, ResNet50ExportWithBatchNorm) {
  BuiltModel m = testing::resnet50_export();
  const Workload folded = import(m);
  EXPECT_EQ(folded.total_macs(), m.graph.macs);
  EXPECT_EQ(folded.total_macs(), 4'089'184'256);
  EXPECT_EQ(folded.total_params(), m.graph.weights + m.graph.bn_channels);  // BN shift -> conv bias
  EXPECT_EQ(count_kind(folded, OpKind::kBatchNorm), 0);
  expect_same_network(folded, define_resnet50().build());

  const Workload unfolded = import(m, kUnfolded);
  EXPECT_EQ(unfolded.total_params(), m.graph.weights + 2 * m.graph.bn_channels);
  EXPECT_EQ(unfolded.total_params(), 25'557'032);  // torchvision's published count
  EXPECT_EQ(count_kind(unfolded, OpKind::kBatchNorm), 53);
}

TEST(OnnxImport, GoogLeNetExport) {
  BuiltModel m = testing::googlenet_export();
  const Workload w = import(m);
  EXPECT_EQ(w.total_macs(), m.graph.macs);
  EXPECT_EQ(w.total_params(), m.graph.weights);
  EXPECT_EQ(count_kind(w, OpKind::kConcat), 9);
  expect_same_network(w, define_googlenet().build());
}

TEST(OnnxImport, EfficientNetB0ExportWithSiluAndSqueezeExcite) {
  BuiltModel m = testing::efficientnet_b0_export();
  const Workload unfolded = import(m, kUnfolded);
  EXPECT_EQ(unfolded.total_macs(), m.graph.macs);
  EXPECT_EQ(unfolded.total_params(), m.graph.weights + 2 * m.graph.bn_channels);
  EXPECT_EQ(unfolded.total_params(), 5'288'548);  // torchvision efficientnet_b0
  EXPECT_EQ(std::round(unfolded.total_macs() / 1e7) / 100, 0.39);  // torchvision: 0.39 GFLOPS
  EXPECT_EQ(count_kind(unfolded, OpKind::kGlobalAvgPool), 16 + 1);  // one SE per block + head

  const Workload folded = import(m);
  EXPECT_EQ(folded.total_macs(), m.graph.macs);
  EXPECT_EQ(folded.total_params(), m.graph.weights + m.graph.bn_channels);
  // SiLU stays Sigmoid + Mul (the conv output has two consumers): stem, 15 expansions,
  // 16 depthwise, 16 SE reductions, head. The 16 SE gate sigmoids fuse into their
  // conv; their scaling adds 16 more Muls.
  EXPECT_EQ(count_kind(folded, OpKind::kActivation), 49);
  EXPECT_EQ(count_kind(folded, OpKind::kMul), 49 + 16);
}

TEST(OnnxImport, TokenMatricesAndAttentionScores) {
  OnnxGraphBuilder g("attention");
  const std::string x = g.input("tokens", {1, 8, 16});
  const std::string q = g.node("MatMul", {x, g.weight("wq", {16, 16})});
  const std::string k = g.node("MatMul", {x, g.weight("wk", {16, 16})});
  const std::string kt = g.node("Transpose", {k}, {{"perm", {0, 2, 1}}});
  const std::string scores = g.node("MatMul", {q, kt});
  std::string bytes;
  g.model(scores).SerializeToString(&bytes);
  const Workload w = import_onnx_bytes(bytes, "attention.onnx");
  ASSERT_EQ(w.layers().size(), 5u);
  EXPECT_EQ(w.layers()[1].kind, OpKind::kConv2d);  // a weight on each of 8 token rows
  EXPECT_EQ(w.layers()[1].output, (TensorShape{16, 8, 1}));
  EXPECT_EQ(w.layers()[3].kind, OpKind::kCopy);  // K transposed: every element moves
  EXPECT_EQ(w.layers()[4].kind, OpKind::kMatMul);
  EXPECT_EQ(w.layers()[4].output, (TensorShape{8, 8, 1}));
  EXPECT_EQ(w.total_macs(), 2 * 8 * 16 * 16 + 8 * 8 * 16);
  EXPECT_EQ(w.total_params(), 2 * 16 * 16);
}

TEST(OnnxImport, ReshapeTargetsComeFromShapeInference) {
  OnnxGraphBuilder g("reshape");
  const std::string x = g.input("x", {1, 144});
  const std::string y = g.node("Reshape", {x, g.constant_ints({1, 16, 3, 3})});
  const std::string z = g.node("Conv", {y, g.weight("w", {8, 16, 3, 3})}, {{"pads", {1, 1, 1, 1}}});
  std::string bytes;
  g.model(z).SerializeToString(&bytes);
  const Workload w = import_onnx_bytes(bytes, "r.onnx");
  ASSERT_EQ(w.layers().size(), 3u);
  EXPECT_EQ(w.layers()[1].kind, OpKind::kReshape);
  EXPECT_EQ(w.layers()[1].output, (TensorShape{16, 3, 3}));
  EXPECT_EQ(w.layers()[2].output, (TensorShape{8, 3, 3}));
  EXPECT_EQ(w.total_macs(), 8 * 16 * 9 * 9);
}

TEST(OnnxImport, ClipBoundsChooseTheActivation) {
  OnnxGraphBuilder g("clips");
  const std::string x = g.input("x", {1, 4, 8, 8});
  const std::string relu = g.node("Clip", {x, g.constant_floats({0.0f}, {})});  // no max: ReLU
  const std::string clamp = g.node("Clip", {relu});
  auto model = g.model(clamp);
  // Opset 6 style: bounds as float attributes.
  auto* old_style = model.mutable_graph()->mutable_node(model.graph().node_size() - 1);
  for (auto [name, value] : {std::pair{"min", 0.0f}, std::pair{"max", 6.0f}}) {
    auto* a = old_style->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(value);
  }
  model.mutable_opset_import(0)->set_version(6);
  std::string bytes;
  model.SerializeToString(&bytes);
  const Workload w = import_onnx_bytes(bytes, "clips.onnx", {.name = "c", .build = kUnfolded});
  ASSERT_EQ(w.layers().size(), 3u);
  EXPECT_EQ(w.layers()[1].activation, ActivationKind::kRelu);
  EXPECT_EQ(w.layers()[2].activation, ActivationKind::kRelu6);
  EXPECT_EQ(w.name(), "c");
}

// A one-node model around `op` applied to a 1x4x8x8 input, with `constants`
// extra int64 constant inputs.
std::string single_op_model(const std::string& op, int constants = 0, const std::vector<Attr>& attrs = {}) {
  OnnxGraphBuilder g("single");
  std::vector<std::string> inputs{g.input("x", {1, 4, 8, 8})};
  for (int i = 0; i < constants; ++i) inputs.push_back(g.constant_ints({1}));
  std::string bytes;
  g.model(g.node(op, inputs, attrs)).SerializeToString(&bytes);
  return bytes;
}

// Zero strides used to reach ONNX shape inference, which divides by them (SIGFPE).
TEST(OnnxImport, ZeroStridesOrDilationsAreAnErrorNotACrash) {
  for (const char* attribute : {"strides", "dilations"}) {
    OnnxGraphBuilder g("zero");
    const std::string x = g.input("x", {1, 3, 8, 8});
    const std::string w = g.weight("w", {4, 3, 3, 3});
    const std::string y = g.node("Conv", {x, w}, {Attr{"kernel_shape", {3, 3}}, Attr{attribute, {0, 1}}});
    EXPECT_WORKLOAD_ERROR(import_onnx_bytes(g.serialized(y), "z.onnx"),
                          HasSubstr("z.onnx: node"), HasSubstr(std::string("attribute '") + attribute + "' must be >= 1, got 0"));
  }
  OnnxGraphBuilder g("pool");
  const std::string x = g.input("x", {1, 3, 8, 8});
  const std::string y = g.node("MaxPool", {x}, {Attr{"kernel_shape", {2, 2}}, Attr{"strides", {0, 0}}});
  EXPECT_WORKLOAD_ERROR(import_onnx_bytes(g.serialized(y), "p.onnx"), HasSubstr("(MaxPool): attribute 'strides'"));
}

// Found by fuzzing (tests/fuzz/onnx_import_fuzz.cpp): dims whose products
// overflowed 64 bits, and names that broke the JSON summary.
TEST(OnnxImport, TensorsBeyondWhatArchexCountsAreRefusedNotWrapped) {
  for (const std::vector<std::int64_t>& dims :
       {std::vector<std::int64_t>{1, 3, std::int64_t{1} << 31, 8}, {1, std::int64_t{1} << 25, 1 << 20, 1 << 20},
        {1, 4611686018427387904, 58, 3}}) {
    OnnxGraphBuilder g("huge");
    const std::string x = g.input("x", dims);
    const std::string y = g.node("Flatten", {g.node("Relu", {x})});
    EXPECT_WORKLOAD_ERROR(import_onnx_bytes(g.serialized(y), "h.onnx"), HasSubstr("beyond what archex counts"));
  }
  OnnxGraphBuilder g("huge_weight");
  const std::string x = g.input("x", {1, 3, 8, 8});
  const std::string w = g.weight("w", {std::int64_t{1} << 40, 3, 3, 3});
  EXPECT_WORKLOAD_ERROR(import_onnx_bytes(g.serialized(g.node("Conv", {x, w}, {Attr{"kernel_shape", {3, 3}}})), "w.onnx"),
                        HasSubstr("beyond what archex counts"));
}

TEST(OnnxImport, AConstantWithoutOutputIsAnErrorNotACrash) {  // found by fuzzing
  OnnxGraphBuilder g("constant");
  const std::string x = g.input("x", {1, 3, 8, 8});
  onnx::ModelProto model = g.model(g.node("Relu", {x}));
  onnx::NodeProto* constant = model.mutable_graph()->add_node();
  constant->set_op_type("Constant");
  onnx::AttributeProto* value = constant->add_attribute();
  value->set_name("value");
  value->set_type(onnx::AttributeProto::TENSOR);
  value->mutable_t()->set_data_type(onnx::TensorProto::INT64);
  value->mutable_t()->add_int64_data(4);
  std::string bytes;
  model.SerializeToString(&bytes);
  EXPECT_WORKLOAD_ERROR(import_onnx_bytes(bytes, "c.onnx"), HasSubstr("c.onnx: node"), HasSubstr("has no output"));
}

TEST(OnnxImport, NamesThatAreNotUtf8AreRefused) {
  OnnxGraphBuilder g("bytes");
  const std::string x = g.input("x", {1, 3, 8, 8});
  onnx::ModelProto model = g.model(g.node("Relu", {x}));
  model.mutable_graph()->mutable_node(0)->set_name("relu\xd1(");
  std::string bytes;
  model.SerializeToString(&bytes);
  EXPECT_WORKLOAD_ERROR(import_onnx_bytes(bytes, "n.onnx"), HasSubstr("is not UTF-8 text"));
}

TEST(OnnxImport, UnsupportedComputeNamesNodeAndOp) {
  EXPECT_WORKLOAD_ERROR(import_onnx_bytes(single_op_model("Einsum"), "m.onnx"), HasSubstr("m.onnx: node '/Einsum_1'"),
                        HasSubstr("(Einsum): operator computes on activations but is not supported"));
  EXPECT_WORKLOAD_ERROR(import_onnx_bytes(single_op_model("Pow", 1), "m.onnx"),
                        HasSubstr("(Pow): only a constant exponent of 2 or 0.5 is supported"));
  EXPECT_WORKLOAD_ERROR(import_onnx_bytes(single_op_model("Conv"), "m.onnx"),
                        HasSubstr("(Conv): input 2 must be a constant (initializer) weight tensor"));
  OnnxGraphBuilder dangling("dangling");
  std::string bytes;
  dangling.model(dangling.node("Add", {dangling.input("x", {1, 4, 8, 8}), "ghost"})).SerializeToString(&bytes);
  EXPECT_WORKLOAD_ERROR(import_onnx_bytes(bytes, "m.onnx"), HasSubstr("input 'ghost' is not produced by any earlier node"));
}

TEST(OnnxImport, CorruptAndMissingFiles) {
  EXPECT_WORKLOAD_ERROR(import_onnx_bytes(std::string("\xff\xff\xff\xff garbage", 12), "bad.onnx"),
                        HasSubstr("bad.onnx: not a valid ONNX model (protobuf parse failed)"));
  EXPECT_WORKLOAD_ERROR(import_onnx_bytes("", "empty.onnx"), HasSubstr("empty.onnx: not an ONNX model"));
  EXPECT_WORKLOAD_ERROR(import_onnx_file("/nonexistent/model.onnx"),
                        HasSubstr("/nonexistent/model.onnx: cannot read the workload file: no such file"));
}

TEST(OnnxImport, InputsNeedFixedSpatialSizes) {
  OnnxGraphBuilder g("dynamic");
  std::string bytes;
  g.model(g.node("Relu", {g.input("x", {1, 3, -1, -1})})).SerializeToString(&bytes);
  EXPECT_WORKLOAD_ERROR(import_onnx_bytes(bytes, "d.onnx"), HasSubstr("graph input 'x' needs a fixed shape"));
}

TEST(OnnxImport, FilesLoadByPathAndRoundTripThroughYaml) {
  TempDir dir;
  BuiltModel m = testing::mobilenet_v2_export();
  const auto path = dir.write("mnv2.onnx", m.graph.serialized(m.output));
  const Workload w = load_workload(path.string());
  EXPECT_EQ(w.name(), "mnv2");
  EXPECT_EQ(w.total_macs(), define_mobilenet_v2().build().total_macs());
  EXPECT_WORKLOAD_ERROR(load_workload(dir.write("corrupt.onnx", "not protobuf \xff\xff").string()),
                        HasSubstr("corrupt.onnx: not"));
}

}  // namespace
}  // namespace archex::workload
