// The generic model on a template small enough to follow by hand
// (cost-models/hierarchy_mapping.h describes the rules used below).

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <gtest/gtest.h>

#include "accelerator-template/template.h"
#include "cost-models/hierarchy_model.h"
#include "workloads/workload_builder.h"

namespace archex::cost {
namespace {

// 2 x 4 PEs of 8-bit MACs at 500 MHz; a 4096-word buffer (8 words / cycle);
// 64 words of registers per PE; DRAM at 4 GB/s = 8 bytes per cycle.
// Energies: MAC 0.5 pJ, DRAM 100 pJ, buffer 3 pJ (+1 pJ per word over the
// array), registers 0.5 pJ.
const char* kTiny = R"(name: tiny
architecture:
  clock_mhz: 500
  word_bits: 8
  mac_energy_pj: 0.5
  technology: {node: test, mac_area_um2: 100, sram_um2_per_bit: 0.5, register_file_um2_per_bit: 2, chip_fixed_mm2: 1}
  fanouts:
    - {name: rows, size: 2, pe: true}
    - {name: cols, size: 4, pe: true}
  storage:
    - {name: dram, dram: true, holds: [weights, inputs, outputs], bandwidth_gbps: 4, access_energy_pj: 100}
    - {name: buffer, capacity_words: 4096, holds: [weights, inputs, outputs], bandwidth_words_per_cycle: 8,
       access_energy_relative: 6, network_energy_relative: 2}
    - {name: regs, per: cols, capacity_words: 64, holds: [weights, inputs, outputs], access_energy_pj: 0.5,
       area: register_file}
  dataflows:
    - name: ws
      spatial:
        - {fanout: cols, dims: [K]}
        - {fanout: rows, dims: [C]}
      order: [N, G, K, C, P, Q]
)";

class TinyArchitecture : public ::testing::Test {
 protected:
  void SetUp() override { load(kTiny); }
  // `text`: the template file (kTiny, possibly edited).
  void load(const std::string& text) {
    file_ = std::filesystem::temp_directory_path() / ("archex_tiny_" + std::to_string(::getpid()) + "_" +
                                                      ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".yaml");
    std::ofstream(file_) << text;
    tmpl_ = std::make_unique<arch::Template>(arch::Template::load(file_));
    model_ = std::make_unique<HierarchyModel>(*tmpl_);
  }
  void TearDown() override { std::filesystem::remove(file_); }

  std::filesystem::path file_;
  std::unique_ptr<arch::Template> tmpl_;
  std::unique_ptr<HierarchyModel> model_;
};

TEST_F(TinyArchitecture, PointwiseConvByHand) {
  // 2 -> 4 channels, 4 x 4, 1 x 1: 128 MACs. K on the 4 columns, C on the
  // 2 rows: compute 16 cycles (the 4 x 4 outputs one after another).
  workload::WorkloadBuilder b("pointwise");
  b.conv2d("conv", b.input("in", {2, 4, 4}), {.out_channels = 4, .kernel = 1});
  const workload::Workload w = b.build();
  const Metrics m = model_->evaluate(w, tmpl_->baseline(), {.per_layer = true});
  ASSERT_TRUE(m.feasible) << m.reason;
  const LayerMetrics& conv = m.layers.at(1);
  // Everything fits: buffer tile = the layer (8 + 32 + 64 = 104 words), each
  // PE's tile 1 weight + 16 inputs + 16 outputs = 33 <= 64 words; no loops.
  // Register fills: weights 1, inputs 16, outputs 16 per PE, x 8 PEs.
  // The buffer serves them by multicast: weights 8 (each PE its own), inputs
  // 32 (the 4 columns share them), outputs 64 (the 2 rows reduce theirs):
  // 104 reads + 104 fills = 208 words at 8 per cycle = 26 cycles > 16.
  EXPECT_EQ(conv.cycles, 26);
  EXPECT_EQ(conv.bound, Bound::kOnChip);
  EXPECT_EQ(conv.active_pes, 8);
  EXPECT_DOUBLE_EQ(conv.latency_ms, 26.0 / 500e3);
  // Activations and weights stay on chip (they fit the buffer): no DRAM.
  EXPECT_EQ(conv.dram_bytes, 0);
  // Energy: MACs 128 x 0.5 = 64; buffer 208 x 3 = 624; array network
  // (8 + 128 + 128 words into the PEs) x 1 = 264; registers: weights 8 fills
  // + 128 reads, inputs 128 + 128, outputs 128 + 256 = 776 x 0.5 = 388.
  EXPECT_DOUBLE_EQ(conv.energy_pj, 64.0 + 624.0 + 264.0 + 388.0);
  EXPECT_EQ(conv.dataflow, "ws");
}

// A softmax over 2 rows of 4 (a 4-feature x 2-token tensor): 5 ops per
// element + 1 reciprocal per row = 42, of which 10 special functions (8 exps,
// 2 reciprocals) at 4 lane-cycles each: 42 + 3 x 10 = 72 lane-cycles over the
// 8 MACs = 9 cycles. It moves 8 + 8 words through the buffer (2 cycles).
TEST_F(TinyArchitecture, SoftmaxCostsItsSpecialFunctionsOnTheLanes) {
  workload::WorkloadBuilder b("softmax");
  workload::LayerSpec s;
  s.name = "softmax";
  s.kind = workload::OpKind::kSoftmax;
  s.inputs = {b.input("scores", {4, 2, 1})};
  b.add(std::move(s));
  const Metrics m = model_->evaluate(b.build(), tmpl_->baseline(), {.per_layer = true});
  ASSERT_TRUE(m.feasible) << m.reason;
  EXPECT_EQ(m.layers.at(1).cycles, 9);
  EXPECT_EQ(m.layers.at(1).bound, Bound::kCompute);
  EXPECT_EQ(m.layers.at(1).dataflow, "vector");
}

TEST_F(TinyArchitecture, AnOperatorClassTheTemplateLacksIsInfeasibleNamingTheLayer) {
  std::string text = kTiny;
  text.replace(text.find("  word_bits: 8\n"), 0, "  supports: [mac, vector, copy]\n");
  load(text);
  workload::WorkloadBuilder b("gelu");
  b.activation("gelu", b.input("x", {8, 4, 1}), workload::ActivationKind::kGelu);
  const Metrics m = model_->evaluate(b.build(), tmpl_->baseline());
  EXPECT_FALSE(m.feasible);
  EXPECT_EQ(m.reason, "layer 'gelu' needs operator class 'special', which template 'tiny' does not support "
                      "(supports: mac, vector, copy)");
  workload::WorkloadBuilder relu("relu");
  relu.activation("relu", relu.input("x", {8, 4, 1}), workload::ActivationKind::kRelu);
  EXPECT_TRUE(model_->evaluate(relu.build(), tmpl_->baseline()).feasible);
}

// Q.K^T of 2 heads: each inference has its own operand, so a batch of 4
// costs 4 single inferences (no reuse across the batch), while a weight layer
// is what the batch shares.
TEST_F(TinyArchitecture, ActivationMatmulsDoNotReuseTheirOperandAcrossABatch) {
  workload::WorkloadBuilder b("attention");
  const std::string q = b.input("q", {8, 4, 1});
  const std::string k = b.input("k", {8, 4, 1});
  workload::LayerSpec s;
  s.name = "scores";
  s.kind = workload::OpKind::kMatMul;
  s.inputs = {q, k};
  s.groups = 2;
  s.in_channels = 4;
  s.out_channels = 4;
  b.add(std::move(s));
  const workload::Workload w = b.build();
  EXPECT_EQ(w.layers().back().macs, 2 * 4 * 4 * 4);
  const Metrics one = model_->evaluate(w, tmpl_->baseline(), {.per_layer = true});
  const Metrics four = model_->evaluate(w, tmpl_->baseline(), {.per_layer = true, .batch_size = 4});
  ASSERT_TRUE(one.feasible && four.feasible) << one.reason << four.reason;
  // Four times the (fractional) cycles of one, each rounded up once.
  EXPECT_LE(four.layers.back().cycles, 4 * one.layers.back().cycles);
  EXPECT_GT(four.layers.back().cycles, 4 * (one.layers.back().cycles - 1));
  EXPECT_DOUBLE_EQ(four.layers.back().energy_pj, 4 * one.layers.back().energy_pj);
}

TEST_F(TinyArchitecture, AreaIsTheSumOfTheDeclaredParts) {
  // 8 MACs x 100 um^2; buffer 4096 x 8 bits x 0.5 um^2; registers 8 x 64 x
  // 8 bits x 2 um^2; 1 mm^2 fixed.
  const auto parts = model_->area_components(tmpl_->baseline());
  ASSERT_EQ(parts.size(), 5u);
  EXPECT_EQ(parts[0].first, "macs");
  EXPECT_DOUBLE_EQ(parts[0].second, 800e-6);
  EXPECT_EQ(parts[1].first, "buffer");
  EXPECT_DOUBLE_EQ(parts[1].second, 4096 * 8 * 0.5e-6);
  EXPECT_EQ(parts[2].first, "regs");
  EXPECT_DOUBLE_EQ(parts[2].second, 8 * 64 * 8 * 2e-6);
  EXPECT_EQ(parts[3].first, "dram_interface");
  EXPECT_EQ(parts[4].first, "fixed");
  EXPECT_DOUBLE_EQ(model_->area_mm2(tmpl_->baseline()), 800e-6 + 4096 * 8 * 0.5e-6 + 8 * 64 * 8 * 2e-6 + 1.0);
}

TEST_F(TinyArchitecture, ALayerNoLevelCanHoldIsInfeasibleWithTheLevel) {
  // A 9 x 9 filter row of one channel: 81 words per PE tile minimum > 64.
  workload::WorkloadBuilder b("wide");
  b.conv2d("conv", b.input("in", {1, 9, 9}), {.out_channels = 1, .kernel = 9});
  const Metrics m = model_->evaluate(b.build(), tmpl_->baseline(), {.per_layer = true});
  EXPECT_FALSE(m.feasible);
  EXPECT_NE(m.reason.find("layer 'conv' cannot be mapped: storage level 'regs' (64 words)"), std::string::npos)
      << m.reason;
}

}  // namespace
}  // namespace archex::cost
