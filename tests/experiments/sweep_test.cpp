// Sweeps: spec errors, the grid they evaluate, and the files they write.

#include "experiments/sweep.h"

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "explorer/errors.h"

namespace archex::exp {
namespace {

using ::testing::HasSubstr;

class Sweep : public ::testing::Test {
 protected:
  std::filesystem::path dir_ = std::filesystem::temp_directory_path() /
                               ("archex_sweep_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
                                "_" + std::to_string(::getpid()));
  void SetUp() override { std::filesystem::create_directories(dir_); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path write(const std::string& text) const {
    std::ofstream(dir_ / "spec.yaml") << text;
    return dir_ / "spec.yaml";
  }
  std::string error_of(const std::string& text) const {
    try {
      read_sweep_spec(write(text));
    } catch (const explore::SpecError& e) {
      return e.what();
    }
    return "(no error)";
  }
};

TEST_F(Sweep, EvaluatesEveryCombinationAndWritesTheBreakdown) {
  const SweepSpec spec = read_sweep_spec(write(R"(name: two
template: eyeriss_space
workloads: lenet5
batch_size: 2
set: {pe_rows: 8, pe_cols: 8}
sweep:
  dataflow: [row-stationary, no-local-reuse]
  global_buffer: [16384, 65536]
)"));
  ASSERT_EQ(spec.swept.size(), 2u);
  const SweepResult result = run_sweep(spec);
  ASSERT_EQ(result.points.size(), 4u);
  EXPECT_EQ(result.points[0].label, "dataflow=row-stationary,global_buffer=16384");
  EXPECT_EQ(result.points[3].label, "dataflow=no-local-reuse,global_buffer=65536");
  for (const auto& p : result.points) {
    ASSERT_TRUE(p.metrics.feasible) << p.label << ": " << p.metrics.reason;
    EXPECT_EQ(p.config.values[result.tmpl.index_of("pe_rows")], 8);
  }
  // No local reuse moves every operand through the buffer: more energy.
  EXPECT_GT(result.points[1].metrics.energy_uj, result.points[0].metrics.energy_uj);

  const std::string summary = write_sweep_outputs(spec, result, dir_ / "out");
  EXPECT_THAT(summary, HasSubstr("## lenet5, conv2d layers"));
  for (const char* file : {"sweep.csv", "energy_per_mac.csv", "summary.md", "energy_lenet5_all.svg",
                           "energy_lenet5_all.png", "energy_lenet5_conv2d.png"})
    EXPECT_TRUE(std::filesystem::exists(dir_ / "out" / file)) << file;
  std::ifstream per_mac(dir_ / "out" / "energy_per_mac.csv");
  std::string header;
  std::getline(per_mac, header);
  EXPECT_EQ(header.rfind("point,workload,class,macs,energy_per_mac,mac,dram,global_buffer", 0), 0u) << header;
  std::string row;
  std::getline(per_mac, row);
  // Normalised to the MAC energy: the "mac" part of every row is exactly 1.
  EXPECT_THAT(row, HasSubstr(",1,"));
}

TEST_F(Sweep, BadSpecsNameTheFileLineAndField) {
  EXPECT_THAT(error_of("template: eyeriss_space\nworkloads: [lenet5]\nsweep: {dataflow: [row-stationary, diagonal]}\n"),
              HasSubstr("parameter 'dataflow': expected one of its values, got 'diagonal'"));
  EXPECT_THAT(error_of("template: eyeriss_space\nworkloads: [lenet5]\nsweep: {pe_depth: [1]}\n"),
              HasSubstr(":3:9: unknown parameter 'pe_depth'"));
  EXPECT_THAT(error_of("template: eyeriss_space\nworkloads: [lenet5]\nsweep: {pe_rows: [5]}\n"),
              HasSubstr("value 5 is not one of the template's values"));
  EXPECT_THAT(error_of("template: eyeriss_space\nworkloads: [lenet5]\nsweep: {pe_rows: [4]}\nturbo: 1\n"),
              HasSubstr("sweep: unknown field 'turbo'"));
  EXPECT_THAT(error_of("template: eyeriss_v9\nworkloads: [lenet5]\nsweep: {}\n"),
              HasSubstr("field 'template': unknown template 'eyeriss_v9'"));
}

}  // namespace
}  // namespace archex::exp
