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
  void SetUp() override {
    file_ = std::filesystem::temp_directory_path() / ("archex_tiny_" + std::to_string(::getpid()) + "_" +
                                                      ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".yaml");
    std::ofstream(file_) << kTiny;
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
