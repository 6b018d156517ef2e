// Calibration recovers known coefficients from synthetic noisy measurements,
// and the measurement CSV reader reports bad input by file, line and column.

#include <filesystem>
#include <fstream>
#include <random>

#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cost-models/analytical.h"
#include "cost-models/calibration.h"
#include "cost-models/registry.h"
#include "tests/cost-models/layer_factory.h"

namespace archex::cost {
namespace {

using ::testing::HasSubstr;

// Configs chosen so that some layers are bound by each of compute, on-chip
// transfer and DRAM: the coefficients are only identifiable then.
std::vector<arch::Config> calibration_configs(const arch::Template& tmpl) {
  return {tmpl.baseline(),
          tmpl.make_config({{"pe_x", 2}, {"pe_y", 1}, {"cores_per_pe", 2}, {"lanes_per_core", 16},
                            {"pe_memory", 262144}, {"activation_memory", 32768}, {"io_bandwidth", 5}}),
          tmpl.make_config({{"pe_x", 8}, {"pe_y", 8}, {"lanes_per_core", 128}, {"io_bandwidth", 10}}),
          tmpl.make_config({{"pe_x", 1}, {"pe_y", 2}, {"pe_memory", 262144}, {"activation_memory", 32768},
                            {"io_bandwidth", 30}})};
}

TEST(Calibration, RecoversKnownCoefficientsFromNoisyMeasurements) {
  const arch::Template tmpl = arch::Template::load_default();
  AnalyticalOptions truth;
  truth.compute_efficiency = 0.7;
  truth.onchip_efficiency = 0.6;
  truth.dram_efficiency = 0.5;
  truth.layer_overhead_cycles = 300.0;
  const AnalyticalModel measured_model(tmpl, truth);
  const auto layers = testing::mini_mobilenet();
  const PreparedWorkload prepared = prepare_layers(layers, 1, 0);

  std::mt19937_64 rng(42);
  std::normal_distribution<double> noise(0.0, 0.02);  // 2% measurement noise
  std::vector<Measurement> measurements;
  for (const arch::Config& config : calibration_configs(tmpl)) {
    const Metrics m = measured_model.evaluate_prepared(prepared, config, {.per_layer = true});
    ASSERT_TRUE(m.feasible) << m.reason;
    for (std::size_t i = 0; i < m.layers.size(); ++i)
      measurements.push_back({i, config, static_cast<double>(m.layers[i].cycles) * (1.0 + noise(rng))});
  }

  const CalibrationResult r = calibrate(tmpl, prepared, measurements);  // starts from the defaults
  EXPECT_EQ(r.samples, measurements.size());
  EXPECT_NEAR(r.options.compute_efficiency, 0.7, 0.7 * 0.03);
  EXPECT_NEAR(r.options.onchip_efficiency, 0.6, 0.6 * 0.05);
  EXPECT_NEAR(r.options.dram_efficiency, 0.5, 0.5 * 0.05);
  EXPECT_NEAR(r.options.layer_overhead_cycles, 300.0, 300.0 * 0.15);
  EXPECT_GT(r.initial_rms_relative_error, 0.2);
  EXPECT_LT(r.final_rms_relative_error, 0.03);
  EXPECT_GT(r.bound_counts[0], 0u);
  EXPECT_GT(r.bound_counts[1], 0u);
  EXPECT_GT(r.bound_counts[2], 0u);
  // Fields that are not fitted are kept.
  EXPECT_EQ(r.options.dram_chunk_overhead_cycles, AnalyticalOptions{}.dram_chunk_overhead_cycles);
}

TEST(Calibration, RejectsInvalidOptions) {
  const arch::Template tmpl = arch::Template::load_default();
  const auto layers = testing::mini_mobilenet();
  const PreparedWorkload prepared = prepare_layers(layers, 1, 0);
  const std::vector<Measurement> one = {{1, tmpl.baseline(), 1000.0}};
  CalibrationOptions options;
  options.max_iterations = 0;
  EXPECT_THROW(calibrate(tmpl, prepared, one, options), CostModelError);
  options.max_iterations = 10;
  options.start.compute_efficiency = 1.5;
  try {
    calibrate(tmpl, prepared, one, options);
    FAIL() << "expected CostModelError";
  } catch (const CostModelError& e) {
    EXPECT_THAT(e.what(), HasSubstr("AnalyticalOptions.compute_efficiency = 1.5 violates 0 < x <= 1"));
  }
}

class MeasurementCsv : public ::testing::Test {
 protected:
  std::filesystem::path file_ =
      std::filesystem::temp_directory_path() /
      ("archex_measurements_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
       "_" + std::to_string(::getpid()) + ".csv");
  arch::Template tmpl_ = arch::Template::load_default();
  std::vector<workload::Layer> layers_ = testing::mini_mobilenet();
  void TearDown() override { std::filesystem::remove(file_); }
  std::vector<Measurement> read(const std::string& text) {
    std::ofstream(file_) << text;
    return read_measurements_csv(file_, tmpl_, tmpl_.baseline(), layers_);
  }
  std::string error(const std::string& text) {
    try {
      read(text);
    } catch (const CostModelError& e) {
      return e.what();
    }
    return "(no error)";
  }
};

TEST_F(MeasurementCsv, ReadsLayersCyclesAndPerRowParameters) {
  const auto m = read("# measured on RTL\nlayer,cycles,io_bandwidth\nstem,8123,20\n\nclassifier, 2700.5 ,5\n");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].layer, 1u);
  EXPECT_EQ(m[0].cycles, 8123.0);
  EXPECT_EQ(m[0].config, tmpl_.baseline());
  EXPECT_EQ(m[1].layer, layers_.size() - 1);
  EXPECT_EQ(m[1].cycles, 2700.5);
  EXPECT_EQ(tmpl_.value(m[1].config, "io_bandwidth"), 5);
}

TEST_F(MeasurementCsv, ErrorsNameFileLineAndColumn) {
  EXPECT_THAT(error("layer,cycles,turbo\n"), HasSubstr(":1: column 'turbo' is neither"));
  EXPECT_THAT(error("cycles\n12\n"), HasSubstr("must name the columns 'layer' and 'cycles'"));
  EXPECT_THAT(error("layer,cycles\nnope,10\n"), HasSubstr(":2: unknown layer 'nope'"));
  EXPECT_THAT(error("layer,cycles\nstem,-3\n"), HasSubstr(":2: column 'cycles': expected a number > 0"));
  EXPECT_THAT(error("layer,cycles\nstem\n"), HasSubstr(":2: expected 2 cells, got 1"));
  EXPECT_THAT(error("layer,cycles,pe_x\nstem,10,3\n"), HasSubstr("value 3 is not allowed"));
  EXPECT_THAT(error("layer,cycles\n"), HasSubstr("no measurements"));
}

}  // namespace
}  // namespace archex::cost
