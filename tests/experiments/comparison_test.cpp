#include "experiments/comparison.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

namespace archex::exp {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

ComparedStudy study(const std::string& optimizer, std::uint64_t seed, std::vector<double> values,
                  const std::string& prior = "") {
  ComparedStudy r;
  r.study = optimizer + "-" + std::to_string(seed) + prior;
  r.workload = "lenet5";
  r.objective = "latency";
  r.objective_unit = "ms";
  r.budget_mm2 = 4.8;
  r.optimizer = optimizer;
  r.seed = seed;
  r.prior = prior;
  r.baseline_objective = 10.0;
  for (double v : values) r.trials.push_back(CurvePoint{v > 0, v});  // v <= 0 marks infeasible
  return r;
}

class ComparisonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("archex-compare-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(ComparisonTest, SummarisesSeriesAndTransferGain) {
  const std::vector<ComparedStudy> studies = {
      study("random", 0, {8, 6, 6, 5}), study("random", 1, {-1, 9, 7, 7}),
      study("evolution", 0, {8, 4, 2, 2}), study("evolution", 1, {6, 5, 3, 2}),
      study("evolution", 0, {3, 2, 2, 1}, "src-0"), study("evolution", 1, {2, 2, 1, 1}, "src-1")};
  CompareOptions options;
  options.plots = false;
  const auto result = write_comparison(studies, dir_, options);
  ASSERT_EQ(result.summaries.size(), 3u);
  std::map<std::string, SeriesSummary> by;
  for (const auto& s : result.summaries) by[s.series] = s;
  EXPECT_DOUBLE_EQ(by["random"].final_best.mean, 6.0);          // finals 5 and 7
  EXPECT_DOUBLE_EQ(by["random"].feasibility_ratio, 7.0 / 8.0);  // one infeasible of eight
  EXPECT_DOUBLE_EQ(*by["evolution"].median_final_best, 2.0);
  EXPECT_DOUBLE_EQ(*by["evolution"].speedup_over_baseline, 5.0);  // baseline 10 ms / 2 ms
  EXPECT_DOUBLE_EQ(*by["evolution + prior"].transfer_gain, 2.0);   // 2 ms without / 1 ms with priors
  EXPECT_FALSE(by["evolution"].transfer_gain.has_value());
  // Best in the panel is 1.0; "within 95 %" needs <= 1.0526: only the prior series reaches it.
  EXPECT_FALSE(by["evolution"].median_trials_to_reach.has_value());
  EXPECT_DOUBLE_EQ(*by["evolution + prior"].median_trials_to_reach, 3.5);  // trials 4 and 3
  EXPECT_EQ(by["evolution + prior"].seeds_reaching, 2u);
  EXPECT_EQ(by["evolution"].seeds_reaching, 0u);

  const auto curves = read_file(dir_ / "curves.csv");
  EXPECT_NE(curves.find("panel,workload,objective,budget_mm2,series,trial,seeds,mean,median,q25,q75"), std::string::npos);
  EXPECT_NE(curves.find("lenet5 / latency / 4.8 mm2,lenet5,latency,4.8,random,2,2,7.5,7.5,6.75,8.25"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir_ / "summary.csv"));
  const auto md = read_file(dir_ / "summary.md");
  EXPECT_NE(md.find("| evolution + prior | 2 | 4 |"), std::string::npos);
  EXPECT_NE(md.find("| 3.5 (2/2) |"), std::string::npos);
  EXPECT_NE(md.find("| never (0/2) |"), std::string::npos);
  EXPECT_NE(read_file(dir_ / "report.html").find("<table>"), std::string::npos);
}

TEST_F(ComparisonTest, DrawsValidSvgAndPngWithGnuplot) {
  const auto result = write_comparison({study("random", 0, {8, 6, 5}), study("random", 1, {7, 7, 4})}, dir_);
  const auto svg = read_file(dir_ / "lenet5_latency_4.8_mm2.svg");
  const auto png = read_file(dir_ / "lenet5_latency_4.8_mm2.png");
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("best latency (ms)"), std::string::npos);
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  // The kept script names its files by absolute path: it re-runs from anywhere.
  const auto gp = read_file(dir_ / "lenet5_latency_4.8_mm2.gp");
  EXPECT_NE(gp.find("\"" + std::filesystem::absolute(dir_ / "lenet5_latency_4.8_mm2.dat").string() + "\""),
            std::string::npos) << gp;
  EXPECT_NE(gp.find("\"" + std::filesystem::absolute(dir_ / "lenet5_latency_4.8_mm2.png").string() + "\""),
            std::string::npos);
}

// A seed without any feasible design used to make gnuplot fail ("x range is
// invalid") and take the summary and the report with it.
TEST_F(ComparisonTest, ASeedWithoutFeasibleDesignsStillGetsPlotSummaryAndReport) {
  write_comparison({study("random", 0, {-1, -1, -1}), study("random", 1, {7, 7, 4})}, dir_);
  EXPECT_TRUE(std::filesystem::exists(dir_ / "lenet5_latency_4.8_mm2.png"));
  EXPECT_TRUE(std::filesystem::exists(dir_ / "summary.md"));
  EXPECT_TRUE(std::filesystem::exists(dir_ / "report.html"));
}

// An evolution study with other settings used to be folded into the default
// evolution series ("seeds 2" for two seed-0 studies, trials-to-reach beyond
// the trials run). A series pools seeds of one spec only.
TEST_F(ComparisonTest, StudiesThatDifferInMoreThanTheSeedAreNotPooled) {
  auto plain = study("evolution", 0, {8, 6, 5});
  plain.pool_key = "{\"settings\":{}}";
  auto tuned = study("evolution", 0, {7, 4, 3});
  tuned.label = "evolution (population=20)";
  tuned.pool_key = "{\"settings\":{\"population\":\"20\"}}";
  auto same_label_other_spec = study("evolution", 1, {9, 9, 9});
  same_label_other_spec.pool_key = "{\"batch\":10}";
  auto repeated_seed = study("evolution", 0, {6, 6, 6});
  repeated_seed.pool_key = plain.pool_key;
  const auto result = write_comparison({plain, tuned, same_label_other_spec, repeated_seed}, dir_, {.reach_fraction = 0.95, .plots = false, .source = {}});
  std::map<std::string, std::size_t> seeds;
  for (const auto& s : result.summaries) seeds[s.series] = s.seeds;
  EXPECT_EQ(seeds.size(), 4u);
  EXPECT_EQ(seeds["evolution"], 1u);
  EXPECT_EQ(seeds["evolution (population=20)"], 1u);
  EXPECT_EQ(seeds.count("evolution #2"), 1u);
  EXPECT_EQ(seeds.count("evolution #3"), 1u);
}

TEST_F(ComparisonTest, RejectsEmptySelection) {
  EXPECT_THROW(write_comparison({}, dir_), std::invalid_argument);
}

}  // namespace
}  // namespace archex::exp
