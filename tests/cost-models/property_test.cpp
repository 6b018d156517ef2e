// Properties that must hold for every config: checked on thousands of seeded
// random configs of the shipped template, on the zoo's MobileNetV2 and on its
// transformers (softmax, layer-norm, GELU, activation matmuls, a KV cache).

#include <algorithm>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "accelerator-template/config_io.h"
#include "accelerator-template/tech_constants.h"
#include "cost-models/analytical.h"
#include "workloads/registry.h"

namespace archex::cost {
namespace {

constexpr int kConfigs = 3000;

class Properties : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmpl_ = new arch::Template(arch::Template::load_default());
    workload_ = new workload::Workload(workload::load_workload("mobilenet_v2"));
    encoder_ = new workload::Workload(workload::load_workload("bert_base"));
    decode_ = new workload::Workload(workload::load_workload("gpt2_small_decode"));
  }
  static void TearDownTestSuite() {
    delete decode_;
    delete encoder_;
    delete workload_;
    delete tmpl_;
  }
  static arch::Template* tmpl_;
  static workload::Workload* workload_;
  static workload::Workload* encoder_;
  static workload::Workload* decode_;

  std::vector<arch::Config> random_configs(std::uint64_t seed) const {
    std::mt19937_64 rng(seed);
    std::vector<arch::Config> out;
    for (int i = 0; i < kConfigs; ++i) out.push_back(arch::random_config(*tmpl_, rng));
    return out;
  }

  // Raising `parameter` one step never slows a feasible config down and never
  // makes it infeasible.
  void expect_more_never_slower(const std::string& parameter, std::uint64_t seed,
                                const workload::Workload* workload = workload_) const {
    const AnalyticalModel model(*tmpl_);
    const std::size_t index = tmpl_->index_of(parameter);
    const auto& values = tmpl_->parameters()[index].values;
    int compared = 0;
    for (arch::Config c : random_configs(seed)) {
      const auto pos = std::find(values.begin(), values.end(), c.values[index]) - values.begin();
      if (pos + 1 >= static_cast<long>(values.size())) continue;
      const Metrics before = model.evaluate(*workload, c);
      c.values[index] = values[pos + 1];
      const Metrics after = model.evaluate(*workload, c);
      if (!before.feasible) continue;
      ASSERT_TRUE(after.feasible) << parameter << " raised to " << values[pos + 1] << ": " << after.reason;
      ASSERT_LE(after.latency_cycles, before.latency_cycles) << parameter << " raised to " << values[pos + 1];
      ++compared;
    }
    EXPECT_GT(compared, kConfigs / 2);
  }
};

arch::Template* Properties::tmpl_ = nullptr;
workload::Workload* Properties::workload_ = nullptr;
workload::Workload* Properties::encoder_ = nullptr;
workload::Workload* Properties::decode_ = nullptr;

TEST_F(Properties, MoreIoBandwidthNeverIncreasesLatency) { expect_more_never_slower("io_bandwidth", 11); }
TEST_F(Properties, MoreCoreMemoryNeverIncreasesLatency) { expect_more_never_slower("core_memory", 12); }
TEST_F(Properties, MorePeMemoryNeverIncreasesLatency) { expect_more_never_slower("pe_memory", 13); }
TEST_F(Properties, MoreInstructionMemoryNeverIncreasesLatency) {
  expect_more_never_slower("instruction_memory", 14);
}
TEST_F(Properties, MoreParameterMemoryNeverIncreasesLatency) { expect_more_never_slower("parameter_memory", 15); }
TEST_F(Properties, MoreActivationMemoryNeverIncreasesLatency) {
  expect_more_never_slower("activation_memory", 16);
}

TEST_F(Properties, TransformersAreMonotonicInBandwidthAndMemories) {
  for (const workload::Workload* w : {encoder_, decode_}) {
    SCOPED_TRACE(w->name());
    expect_more_never_slower("io_bandwidth", 41, w);
    expect_more_never_slower("pe_memory", 42, w);
    expect_more_never_slower("parameter_memory", 43, w);
    expect_more_never_slower("activation_memory", 44, w);
    expect_more_never_slower("core_memory", 45, w);
  }
}

// Latency covers the MACs and the vector work (special-function ops at
// kSpecialOpLaneCycles) at the peak lane rate, and a decode step covers its
// DRAM bytes (weights and KV caches) at the I/O bandwidth.
TEST_F(Properties, TransformerLatencyAtLeastWorkOverPeak) {
  const AnalyticalModel model(*tmpl_);
  for (const workload::Workload* w : {encoder_, decode_}) {
    SCOPED_TRACE(w->name());
    double work = 0.0;
    for (const workload::Layer& l : w->layers())
      work += static_cast<double>(l.macs + l.vector_ops + (kSpecialOpLaneCycles - 1) * l.special_ops);
    int feasible = 0;
    for (const arch::Config& c : random_configs(51)) {
      const Metrics m = model.evaluate(*w, c);
      if (!m.feasible) continue;
      ++feasible;
      const std::int64_t peak = tmpl_->value(c, "pe_x") * tmpl_->value(c, "pe_y") *
                                tmpl_->value(c, "cores_per_pe") * tmpl_->value(c, "lanes_per_core");
      ASSERT_GE(static_cast<double>(m.latency_cycles), work / static_cast<double>(peak));
      const double bytes_per_cycle = static_cast<double>(tmpl_->value(c, "io_bandwidth")) /
                                     tmpl_->constants().clock_ghz;
      ASSERT_GE(static_cast<double>(m.latency_cycles), static_cast<double>(m.dram_bytes) / bytes_per_cycle);
    }
    EXPECT_GT(feasible, kConfigs / 2);
  }
}

// The decode step streams every weight and both KV caches of every layer
// unless all of them (and the live activations) fit the PE memories.
TEST_F(Properties, DecodeReadsWeightsAndKvCacheEveryStep) {
  const AnalyticalModel model(*tmpl_);
  std::int64_t cache_bytes = 0, mac_weights = 0;
  for (const workload::Layer& l : decode_->layers()) {
    if (l.kind == workload::OpKind::kState) cache_bytes += l.output.elements();
    if (l.kind == workload::OpKind::kConv2d || l.kind == workload::OpKind::kFullyConnected) mac_weights += l.params;
  }
  int streamed = 0;
  for (const arch::Config& c : random_configs(61)) {
    const Metrics m = model.evaluate(*decode_, c);
    const std::int64_t on_chip = tmpl_->value(c, "pe_x") * tmpl_->value(c, "pe_y") * tmpl_->value(c, "pe_memory");
    if (!m.feasible || mac_weights + cache_bytes + decode_->peak_activation_bytes() <= on_chip) continue;
    ++streamed;
    ASSERT_GE(m.dram_bytes, mac_weights + cache_bytes);
  }
  EXPECT_GT(streamed, kConfigs / 2);
}

TEST_F(Properties, AreaGrowsWithEveryResource) {
  const AnalyticalModel model(*tmpl_);
  for (const arch::Config& start : random_configs(21)) {
    const double area = model.area_mm2(start);
    for (std::size_t p = 0; p < tmpl_->parameters().size(); ++p) {
      const auto& values = tmpl_->parameters()[p].values;
      const auto pos = std::find(values.begin(), values.end(), start.values[p]) - values.begin();
      if (pos + 1 >= static_cast<long>(values.size())) continue;
      arch::Config bigger = start;
      bigger.values[p] = values[pos + 1];
      ASSERT_GT(model.area_mm2(bigger), area) << tmpl_->parameters()[p].name;
    }
  }
}

TEST_F(Properties, LatencyAtLeastMacsOverPeakAndEnergyAtLeastMacEnergy) {
  const AnalyticalModel model(*tmpl_);
  const double mac_pj = tmpl_->constants().energy.mac_pj();
  const double macs = static_cast<double>(workload_->total_macs());
  int feasible = 0;
  for (const arch::Config& c : random_configs(31)) {
    const Metrics m = model.evaluate(*workload_, c);
    if (!m.feasible) {
      EXPECT_FALSE(m.reason.empty());
      continue;
    }
    ++feasible;
    const std::int64_t peak = tmpl_->value(c, "pe_x") * tmpl_->value(c, "pe_y") *
                              tmpl_->value(c, "cores_per_pe") * tmpl_->value(c, "lanes_per_core");
    ASSERT_GE(static_cast<double>(m.latency_cycles), macs / static_cast<double>(peak));
    ASSERT_GE(m.energy_uj, macs * mac_pj * 1e-6);
    ASSERT_GT(m.area_mm2, 0.0);
  }
  EXPECT_GT(feasible, kConfigs * 9 / 10);
}

TEST_F(Properties, PerLayerMetricsAddUpToTotals) {
  const AnalyticalModel model(*tmpl_);
  for (const arch::Config& c : random_configs(41)) {
    const Metrics m = model.evaluate(*workload_, c, {.per_layer = true});
    if (!m.feasible) continue;
    ASSERT_EQ(m.layers.size(), workload_->layers().size());
    std::int64_t cycles = 0, dram = 0;
    double energy_pj = 0.0;
    for (const LayerMetrics& l : m.layers) {
      cycles += l.cycles;
      dram += l.dram_bytes;
      energy_pj += l.energy_pj;
      ASSERT_GE(l.utilization, 0.0);
      ASSERT_LE(l.utilization, 1.0);
    }
    ASSERT_EQ(cycles, m.latency_cycles);
    ASSERT_EQ(dram, m.dram_bytes);
    ASSERT_NEAR(energy_pj * 1e-6, m.energy_uj, 1e-9 * m.energy_uj);
    // Totals do not depend on whether per-layer metrics were asked for.
    const Metrics totals = model.evaluate(*workload_, c);
    ASSERT_EQ(totals.latency_cycles, m.latency_cycles);
    ASSERT_EQ(totals.energy_uj, m.energy_uj);
  }
}

TEST_F(Properties, ConcurrentEvaluationsAgreeWithSequentialOnes) {
  const AnalyticalModel model(*tmpl_);
  const auto configs = random_configs(51);
  std::vector<std::int64_t> expected;
  for (const auto& c : configs) expected.push_back(model.evaluate(*workload_, c).latency_cycles);
  const AnalyticalModel fresh(*tmpl_);  // empty cache: both threads race to prepare
  std::vector<std::int64_t> got(configs.size());
  auto work = [&](std::size_t begin) {
    for (std::size_t i = begin; i < configs.size(); i += 2) got[i] = fresh.evaluate(*workload_, configs[i]).latency_cycles;
  };
  std::thread a(work, 0), b(work, 1);
  a.join();
  b.join();
  EXPECT_EQ(got, expected);
}

TEST_F(Properties, InfeasibleConfigsNameTheLayerAndTheMemory) {
  const AnalyticalModel model(*tmpl_);
  // One small PE cannot hold MobileNetV2's activations; a 2 KiB activation
  // memory cannot stage one 112-wide, 96-channel input row.
  const arch::Config c = tmpl_->make_config({{"pe_x", 1}, {"pe_y", 1}, {"pe_memory", 262144},
                                             {"activation_memory", 2048}});
  const Metrics m = model.evaluate(*workload_, c);
  EXPECT_FALSE(m.feasible);
  EXPECT_NE(m.reason.find("layer '"), std::string::npos) << m.reason;
  EXPECT_NE(m.reason.find("activation_memory 2048"), std::string::npos) << m.reason;
  EXPECT_GT(m.area_mm2, 0.0);
}

}  // namespace
}  // namespace archex::cost
