// Calibrating an architecture template (cost-models/hierarchy_model.h):
// measurements made by the model itself at known rates and overhead are
// fitted back from the default model, and the calibration file is read
// strictly.

#include <random>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cost-models/calibration.h"
#include "cost-models/hierarchy_model.h"
#include "cost-models/registry.h"
#include "workloads/registry.h"

namespace archex::cost {
namespace {

using ::testing::HasSubstr;

// Configs of eyeriss_space where some layers are bound by compute, some by
// the on-chip levels and some by DRAM: only then is every rate identifiable.
std::vector<arch::Config> calibration_configs(const arch::Template& tmpl) {
  return {tmpl.baseline(),  // DRAM- and compute-bound layers
          tmpl.make_config({{"dram_bandwidth", 16}}),
          tmpl.make_config({{"pe_rows", 32}, {"pe_cols", 32}, {"dram_bandwidth", 16}})};  // on-chip-bound
}

TEST(HierarchyCalibration, RecoversKnownRatesAndOverheadFromNoisyMeasurements) {
  const arch::Template tmpl = arch::Template::load_named("eyeriss_space");
  const workload::Workload w = workload::load_workload("alexnet_original");
  HierarchyCalibration truth;
  truth.efficiency = {0.7, 0.6, 0.5};
  truth.layer_overhead_cycles = 2000.0;
  const HierarchyModel measured_model(tmpl, truth);
  const HierarchyModel model(tmpl);  // the defaults: ideal rates, the template's overhead

  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0.0, 0.02);  // 2 % measurement noise
  std::vector<Measurement> measurements;
  for (const arch::Config& config : calibration_configs(tmpl)) {
    const Metrics m = measured_model.evaluate(w, config, {.per_layer = true, .batch_size = 1});
    ASSERT_TRUE(m.feasible) << m.reason;  // (the configs are chosen feasible)
    for (std::size_t i = 0; i < m.layers.size(); ++i)
      if (m.layers[i].cycles > 0)
        measurements.push_back({i, config, static_cast<double>(m.layers[i].cycles) * (1.0 + noise(rng))});
  }

  CalibrationOptions options;
  options.start.compute_efficiency = options.start.onchip_efficiency = options.start.dram_efficiency = 1.0;
  options.start.layer_overhead_cycles = tmpl.architecture()->layer_overhead_cycles;
  const CalibrationResult r = calibrate(model, w, measurements, 1, options);
  EXPECT_EQ(r.samples, measurements.size());
  EXPECT_GT(r.initial_rms_relative_error, 0.2);
  EXPECT_LT(r.final_rms_relative_error, 0.05);
  EXPECT_GT(r.bound_counts[0], 0u);
  EXPECT_GT(r.bound_counts[2], 0u);
  EXPECT_NEAR(r.options.compute_efficiency, 0.7, 0.7 * 0.05);
  EXPECT_NEAR(r.options.dram_efficiency, 0.5, 0.5 * 0.05);
  if (r.bound_counts[1] > 0) {
    EXPECT_NEAR(r.options.onchip_efficiency, 0.6, 0.6 * 0.1);
  }

  // The fitted model predicts the measurements as well as the fit says.
  const HierarchyModel fitted(tmpl, {{r.options.compute_efficiency, r.options.onchip_efficiency,
                                      r.options.dram_efficiency},
                                     r.options.layer_overhead_cycles});
  const Metrics truth_total = measured_model.evaluate(w, tmpl.baseline());
  const Metrics fitted_total = fitted.evaluate(w, tmpl.baseline());
  EXPECT_NEAR(fitted_total.latency_ms, truth_total.latency_ms, truth_total.latency_ms * 0.05);
  EXPECT_NE(fitted.version(), model.version());  // calibrated numbers never share a cache entry
}

TEST(HierarchyCalibration, DefaultsLeaveTheModelUnchanged) {
  const arch::Template tmpl = arch::Template::load_named("eyeriss_v1");
  const workload::Workload w = workload::load_workload("alexnet_original");
  const HierarchyModel plain(tmpl);
  const HierarchyModel ideal(tmpl, calibration_from_json(nlohmann::json::object()));
  EXPECT_EQ(plain.version(), ideal.version());
  EXPECT_EQ(plain.evaluate(w, tmpl.baseline(), {.batch_size = 4}).latency_cycles,
            ideal.evaluate(w, tmpl.baseline(), {.batch_size = 4}).latency_cycles);
}

TEST(HierarchyCalibration, FileRoundTripsAndBadKeysAreNamed) {
  HierarchyCalibration c;
  c.efficiency = {0.9, 0.8, 0.75};
  c.layer_overhead_cycles = 120.0;
  const HierarchyCalibration back = calibration_from_json(calibration_to_json(c));
  EXPECT_EQ(back.efficiency.compute, 0.9);
  EXPECT_EQ(back.efficiency.onchip, 0.8);
  EXPECT_EQ(back.efficiency.dram, 0.75);
  EXPECT_EQ(back.layer_overhead_cycles, 120.0);

  auto error = [](const char* text) {
    try {
      calibration_from_json(nlohmann::json::parse(text));
    } catch (const CostModelError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_THAT(error(R"({"compute_efficency": 0.5})"), HasSubstr("unknown key 'compute_efficency'"));
  EXPECT_THAT(error(R"({"dram_efficiency": 1.5})"), HasSubstr("'dram_efficiency' = 1.5 is outside [0.001, 1]"));
  EXPECT_THAT(error(R"({"dram_efficiency": 1e-300})"), HasSubstr("is outside [0.001, 1]"));
  EXPECT_THAT(error(R"({"layer_overhead_cycles": -1})"), HasSubstr("'layer_overhead_cycles' = -1 is outside"));
  EXPECT_THAT(error(R"({"layer_overhead_cycles": 1e300})"), HasSubstr("is outside [0, 1e12] cycles"));
  EXPECT_THAT(error(R"({"onchip_efficiency": "fast"})"), HasSubstr("'onchip_efficiency': expected a number"));
  EXPECT_THAT(error("[1]"), HasSubstr("expected a JSON object"));
}

}  // namespace
}  // namespace archex::cost
