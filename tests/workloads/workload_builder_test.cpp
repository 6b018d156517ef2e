// Graph validation, ordering, simplification and liveness of WorkloadBuilder.

#include "workloads/workload_builder.h"

#include <gtest/gtest.h>

#include "tests/workloads/test_helpers.h"
#include "workloads/registry.h"
#include "workloads/zoo_blocks.h"

namespace archex::workload {
namespace {

constexpr BuildOptions kAsWritten{.fold_batch_norm = false, .fuse_activations = false};

LayerSpec add_of(std::string name, std::vector<std::string> inputs) {
  LayerSpec s;
  s.name = std::move(name);
  s.kind = OpKind::kAdd;
  s.inputs = std::move(inputs);
  return s;
}

TEST(WorkloadBuilder, RejectsDanglingInputs) {
  WorkloadBuilder b("net");
  b.input("x", {3, 8, 8});
  b.conv2d("c1", "nope", {.out_channels = 4});
  EXPECT_WORKLOAD_ERROR(b.build(), HasSubstr("workload 'net'"),
                        HasSubstr("layer 'c1' reads input 'nope', which is not a layer"));
}

TEST(WorkloadBuilder, RejectsDuplicateAndEmptyNames) {
  WorkloadBuilder b("net");
  b.input("x", {3, 8, 8});
  b.conv2d("x", "x", {.out_channels = 4});
  EXPECT_WORKLOAD_ERROR(b.build(), HasSubstr("layer name 'x' is used twice"));
  WorkloadBuilder unnamed("net");
  unnamed.input("", {3, 8, 8});
  EXPECT_WORKLOAD_ERROR(unnamed.build(), HasSubstr("layer #1 has no name"));
}

TEST(WorkloadBuilder, RejectsCyclesNamingTheLayers) {
  WorkloadBuilder b("loop");
  b.input("x", {4, 8, 8});
  b.add(add_of("a", {"x", "c"}));
  b.conv2d("b", "a", {.out_channels = 4});
  b.conv2d("c", "b", {.out_channels = 4});
  EXPECT_WORKLOAD_ERROR(b.build(), HasSubstr("layers form a cycle"), HasSubstr("'a' -> 'b' -> 'c' -> 'a'"));

  WorkloadBuilder self("self");
  self.input("x", {4, 8, 8});
  self.add(add_of("s", {"x", "s"}));
  EXPECT_WORKLOAD_ERROR(self.build(), HasSubstr("'s' -> 's'"));
}

TEST(WorkloadBuilder, RejectsShapeMismatchesNamingTheLayer) {
  WorkloadBuilder b("net");
  b.input("x", {3, 8, 8});
  b.conv2d("wide", "x", {.out_channels = 8, .kernel = 3, .padding = 1});
  b.conv2d("narrow", "x", {.out_channels = 4, .kernel = 3, .padding = 1});
  b.add_tensors("sum", {"wide", "narrow"});
  EXPECT_WORKLOAD_ERROR(b.build(), HasSubstr("layer 'sum' (add)"), HasSubstr("input 'narrow' has shape 4x8x8"));

  WorkloadBuilder declared("net");
  declared.input("x", {3, 8, 8});
  LayerSpec c;
  c.name = "conv";
  c.kind = OpKind::kConv2d;
  c.inputs = {"x"};
  c.out_channels = 8;
  c.in_channels = 16;
  declared.add(c);
  EXPECT_WORKLOAD_ERROR(declared.build(), HasSubstr("layer 'conv'"), HasSubstr("declares 16 input channels"));
}

TEST(WorkloadBuilder, RejectsEmptyWorkloadsAndBadOptions) {
  EXPECT_WORKLOAD_ERROR(WorkloadBuilder("void").build(), HasSubstr("workload 'void' has no layers"));
  WorkloadBuilder b("net");
  b.input("x", {3, 8, 8});
  EXPECT_WORKLOAD_ERROR(b.build({.bytes_per_element = 4}), HasSubstr("bytes_per_element = 4"),
                        HasSubstr("expected 1 (int8) or 2 (16-bit)"));
}

TEST(WorkloadBuilder, OrdersTopologicallyKeepingDeclarationOrderWhenPossible) {
  WorkloadBuilder b("net");
  b.conv2d("late", "early", {.out_channels = 2});  // declared before its producer
  b.input("x", {3, 4, 4});
  b.conv2d("early", "x", {.out_channels = 2});
  b.conv2d("side", "x", {.out_channels = 2});
  const Workload w = b.build(kAsWritten);
  ASSERT_EQ(w.layers().size(), 4u);
  EXPECT_EQ(w.layers()[0].name, "x");
  EXPECT_EQ(w.layers()[1].name, "early");
  EXPECT_EQ(w.layers()[2].name, "late");
  EXPECT_EQ(w.layers()[3].name, "side");
  EXPECT_EQ(w.predecessors()[2], (std::vector<std::size_t>{1}));
  EXPECT_EQ(w.predecessors()[3], (std::vector<std::size_t>{0}));
}

TEST(WorkloadBuilder, FoldsBatchNormAndFusesActivations) {
  WorkloadBuilder b("net");
  b.input("x", {3, 8, 8});
  b.conv2d("conv", "x", {.out_channels = 16, .kernel = 3, .padding = 1});
  b.batch_norm("bn", "conv");
  b.activation("relu", "bn", ActivationKind::kRelu);
  b.global_avg_pool("pool", "relu");

  const Workload plain = b.build(kAsWritten);
  EXPECT_EQ(plain.layers().size(), 5u);
  EXPECT_EQ(plain.total_params(), 16 * 3 * 9 + 2 * 16);

  const Workload folded = b.build();
  ASSERT_EQ(folded.layers().size(), 3u);
  const Layer& conv = folded.layers()[1];
  EXPECT_EQ(conv.name, "conv");
  EXPECT_EQ(conv.activation, ActivationKind::kRelu);
  EXPECT_EQ(conv.params, 16 * 3 * 9 + 16);  // the BN shift became a bias
  EXPECT_EQ(conv.vector_ops, 16 * 64);      // the fused ReLU
  EXPECT_EQ(folded.predecessors()[2], (std::vector<std::size_t>{1}));
  EXPECT_EQ(folded.total_macs(), plain.total_macs());
}

TEST(WorkloadBuilder, KeepsBatchNormWhoseProducerHasOtherConsumers) {
  WorkloadBuilder b("net");
  b.input("x", {4, 8, 8});
  b.conv2d("conv", "x", {.out_channels = 4, .kernel = 3, .padding = 1});
  b.batch_norm("bn", "conv");
  b.add_tensors("sum", {"conv", "bn"});
  const Workload w = b.build();
  EXPECT_EQ(w.layers().size(), 4u);
  EXPECT_EQ(w.layers()[2].kind, OpKind::kBatchNorm);
  EXPECT_EQ(w.layers()[1].params, 4 * 4 * 9);  // no bias gained
}

TEST(WorkloadBuilder, SqueezeExciteBlock) {
  WorkloadBuilder b("se");
  b.input("x", {64, 14, 14});
  squeeze_excite(b, "se", "x", 64, 16, ActivationKind::kRelu, ActivationKind::kHardSigmoid);
  const Workload w = b.build();
  ASSERT_EQ(w.layers().size(), 5u);  // input, pool, reduce+relu, expand+hsigmoid, scale
  EXPECT_EQ(w.total_macs(), 64 * 16 + 16 * 64);
  EXPECT_EQ(w.total_params(), 64 * 16 + 16 + 16 * 64 + 64);
  EXPECT_EQ(w.layers().back().kind, OpKind::kMul);
  EXPECT_EQ(w.layers().back().output, (TensorShape{64, 14, 14}));
  EXPECT_EQ(w.layers()[3].activation, ActivationKind::kHardSigmoid);
}

// Liveness: each case is worked out by hand in bytes (int8 unless stated).
TEST(Liveness, ChainHoldsProducerAndConsumer) {
  WorkloadBuilder b("chain");
  b.input("x", {4, 8, 8});                                                // 256
  b.conv2d("a", "x", {.out_channels = 8, .kernel = 3, .padding = 1});     // 512
  b.conv2d("b", "a", {.out_channels = 2, .kernel = 3, .padding = 1});     // 128
  // step 1: x + a = 768; step 2: a + b = 640.
  EXPECT_EQ(b.build(kAsWritten).peak_activation_bytes(), 768);
  EXPECT_EQ(b.build({.bytes_per_element = 2}).peak_activation_bytes(), 1536);
}

TEST(Liveness, ResidualKeepsTheShortcutAlive) {
  WorkloadBuilder b("residual");
  b.input("x", {4, 8, 8});  // every tensor here is 256 bytes
  b.conv2d("c1", "x", {.out_channels = 4, .kernel = 3, .padding = 1});
  b.conv2d("c2", "c1", {.out_channels = 4, .kernel = 3, .padding = 1});
  b.add_tensors("sum", {"x", "c2"});
  // step 2 (c2): x (waiting for sum), c1, c2 = 768; step 3: x, c2, sum = 768.
  EXPECT_EQ(b.build(kAsWritten).peak_activation_bytes(), 768);
}

TEST(Liveness, InceptionBranchesWaitForTheConcat) {
  WorkloadBuilder b("inception");
  b.input("x", {8, 4, 4});                                 // 128
  b.conv2d("b1", "x", {.out_channels = 4});                // 64
  b.conv2d("b2", "x", {.out_channels = 4});                // 64
  b.conv2d("b3", "x", {.out_channels = 8});                // 128
  b.concat("cat", {"b1", "b2", "b3"});                     // 256
  // step 3 (b3): x + b1 + b2 + b3 = 384; step 4: b1 + b2 + b3 + cat = 512.
  EXPECT_EQ(b.build(kAsWritten).peak_activation_bytes(), 512);
}

TEST(Liveness, ReshapeIsAViewNotACopy) {
  WorkloadBuilder b("view");
  b.input("x", {16, 4, 4});                   // 256
  b.flatten("flat", "x");                     // view of x
  b.fully_connected("fc", "flat", 10);        // 10
  EXPECT_EQ(b.build(kAsWritten).peak_activation_bytes(), 266);
}

TEST(Liveness, GraphOutputsStayToTheEnd) {
  WorkloadBuilder b("two_heads");
  b.input("x", {1, 10, 10});                  // 100
  b.fully_connected("head1", "x", 50);        // 50, an output
  b.fully_connected("head2", "x", 20);        // 20
  // step 2: x + head1 (kept) + head2 = 170.
  EXPECT_EQ(b.build(kAsWritten).peak_activation_bytes(), 170);
}

}  // namespace
}  // namespace archex::workload
