// The eyeriss_v1 template against the measured chip (JSSC 2017, Table V) and
// the row-stationary mapping rules of the papers.

#include <cmath>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "accelerator-template/architecture.h"
#include "accelerator-template/template.h"
#include "cost-models/hierarchy_model.h"
#include "cost-models/validation.h"
#include "workloads/registry.h"

namespace archex::cost {
namespace {

class EyerissV1 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmpl_ = new arch::Template(arch::Template::load_named("eyeriss_v1"));
    model_ = new HierarchyModel(*tmpl_);
    alexnet_ = new workload::Workload(workload::load_workload("alexnet_original"));
    batch4_ = new Metrics(model_->evaluate(*alexnet_, tmpl_->baseline(), {.per_layer = true, .batch_size = 4}));
  }
  static void TearDownTestSuite() {
    delete batch4_;
    delete alexnet_;
    delete model_;
    delete tmpl_;
  }
  const LayerMetrics& layer(const std::string& name) const {
    const auto layers = alexnet_->layers();
    for (std::size_t i = 0; i < layers.size(); ++i)
      if (layers[i].name == name) return batch4_->layers.at(i);
    throw std::runtime_error("no layer " + name);
  }
  static arch::Template* tmpl_;
  static HierarchyModel* model_;
  static workload::Workload* alexnet_;
  static Metrics* batch4_;
};
arch::Template* EyerissV1::tmpl_ = nullptr;
HierarchyModel* EyerissV1::model_ = nullptr;
workload::Workload* EyerissV1::alexnet_ = nullptr;
Metrics* EyerissV1::batch4_ = nullptr;

TEST_F(EyerissV1, IsTheChipOfThePapers) {
  const arch::Architecture& a = *tmpl_->architecture();
  EXPECT_EQ(a.pes(), 168);  // 12 x 14
  EXPECT_EQ(a.macs_per_cycle(), 168);
  EXPECT_DOUBLE_EQ(a.clock_mhz, 200.0);
  EXPECT_EQ(a.word_bits, 16);
  EXPECT_EQ(a.levels[a.level_index("filter_spad")].capacity_words, 224);
  EXPECT_EQ(a.levels[a.level_index("ifmap_spad")].capacity_words, 12);
  EXPECT_EQ(a.levels[a.level_index("psum_spad")].capacity_words, 24);
  EXPECT_EQ(tmpl_->parameters().size(), 0u);
  // Core area 12.25 mm^2 (eyeriss.mit.edu: 0.073 mm^2 per multiplier x 168);
  // the template derives its per-unit areas from JSSC 2017 Fig. 15.
  EXPECT_NEAR(model_->area_mm2(tmpl_->baseline()), 12.25, 0.05 * 12.25);
}

// Row-stationary PE sets (JSSC 2017 Sec. IV-A): R x E logical PEs folded and
// replicated onto 12 x 14. CONV1 11 x 55 -> 11 rows x 14 columns; CONV2 5 x 27
// -> two strips (5 x 14 + 5 x 13); CONV3-5 3 x 13 replicated 4 times.
TEST_F(EyerissV1, RowStationaryActivePesAreThePublishedOnes) {
  EXPECT_EQ(layer("conv1").active_pes, 154);
  EXPECT_EQ(layer("conv2").active_pes, 135);
  EXPECT_EQ(layer("conv3").active_pes, 156);
  EXPECT_EQ(layer("conv4").active_pes, 156);
  EXPECT_EQ(layer("conv5").active_pes, 156);
}

// The acceptance check: constants from the papers, not fitted; every CONV
// layer within 25 % of the measured processing latency and within 15 % of
// the measured active PEs.
TEST_F(EyerissV1, AlexNetBatch4WithinTheMeasuredChip) {
  const auto measured = read_validation_csv(ARCHEX_SOURCE_DIR "/validation/eyeriss_v1_alexnet.csv", alexnet_->layers());
  ASSERT_EQ(measured.size(), 5u);
  const ValidationReport report = compare_with_measurements(*batch4_, measured);
  for (const ValidationRow& row : report.rows) {
    ASSERT_TRUE(row.relative_error[kLatencyMs]) << row.layer;
    EXPECT_LE(std::abs(*row.relative_error[kLatencyMs]), 0.25) << row.layer << " latency";
    ASSERT_TRUE(row.relative_error[kActivePes]) << row.layer;
    EXPECT_LE(std::abs(*row.relative_error[kActivePes]), 0.15) << row.layer << " active PEs";
    EXPECT_TRUE(row.predicted[kDramMb].has_value()) << row.layer;  // reported beside the measurement
  }
}

// A CONV layer never runs faster than its MACs over the active PEs allow, and
// a batch of four is never dominated by running one image four times (the
// mapper could always do that: it trades energy only for speed).
TEST_F(EyerissV1, LatencyRespectsPeakAndBatchReuse) {
  const Metrics one = model_->evaluate(*alexnet_, tmpl_->baseline(), {.per_layer = true, .batch_size = 1});
  const auto layers = alexnet_->layers();
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (layers[i].macs == 0) continue;
    const LayerMetrics& l4 = batch4_->layers[i];
    ASSERT_GT(l4.active_pes, 0);
    EXPECT_GE(static_cast<double>(l4.cycles) * l4.active_pes, 4.0 * static_cast<double>(layers[i].macs))
        << layers[i].name;
    const double overhead = 20000.0;  // one configuration per layer, not four
    const double cycles4 = static_cast<double>(l4.cycles) - overhead;
    const double cycles1 = 4.0 * (static_cast<double>(one.layers[i].cycles) - overhead);
    EXPECT_LE(cycles4, cycles1 * (1.0 + 1e-9)) << layers[i].name;
    if (cycles4 >= cycles1 * (1.0 - 1e-9)) {
      EXPECT_LE(l4.energy_pj, 4.0 * one.layers[i].energy_pj * (1.0 + 1e-9)) << layers[i].name;
    }
  }
}

TEST_F(EyerissV1, EnergyBreakdownIsKeyedByTheTemplatesLevels) {
  ASSERT_FALSE(batch4_->energy_by_name.empty());
  std::map<std::string, double> energy;
  double sum = 0.0;
  for (std::size_t i = 0; i < batch4_->energy_by_name.values.size(); ++i) {
    energy[(*batch4_->energy_by_name.names)[i]] = batch4_->energy_by_name.values[i];
    sum += batch4_->energy_by_name.values[i];
  }
  for (const char* level : {"mac", "dram", "global_buffer", "filter_spad", "ifmap_spad", "psum_spad"})
    EXPECT_GT(energy[level], 0.0) << level;
  EXPECT_NEAR(sum, batch4_->energy_uj, 1e-9 * batch4_->energy_uj);
  // The MAC energy is exactly MACs x mac_energy_pj (1 pJ).
  double macs = 0.0;
  for (const auto& l : alexnet_->layers()) macs += static_cast<double>(l.macs) * 4.0;
  EXPECT_NEAR(energy["mac"], macs * 1e-6, 1e-6 * energy["mac"] + batch4_->energy_uj * 0.01);
}

}  // namespace
}  // namespace archex::cost
