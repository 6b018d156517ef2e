// `archex compare` on studies with several objectives: hypervolume curves
// against a stated reference, and the final Pareto fronts drawn two
// objectives at a time, holding exactly the studies' fronts.

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/explorer/archex_cli.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

using testing::run_archex;
using testing::TempDir;

// Data rows (not comments, not blank, not the "nan" placeholder) of a .dat file.
int data_rows(const std::filesystem::path& file) {
  std::ifstream in(file);
  int rows = 0;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#' && !line.starts_with("nan")) ++rows;
  return rows;
}

TEST(CompareMultiObjective, HypervolumeCurvesAndFrontProjectionsOfTheStoredFronts) {
  TempDir dir;
  std::size_t front_members = 0;
  for (const char* seed : {"0", "1"}) {
    const std::string study = std::string("mo-") + seed;
    const auto r = run_archex({"run", "--workload", "lenet5", "--objective", "latency,energy,area", "--optimizer",
                               "random", "--trials", "60", "--seed", seed, "--study", study, "--db", "a.db"},
                              dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto pareto = run_archex({"show", study, "--pareto", "--json", "--db", "a.db"}, dir.path());
    front_members += nlohmann::json::parse(pareto.out).at("front").size();
  }
  ASSERT_GT(front_members, 0u);
  const auto cmp = run_archex({"compare", "--db", "a.db", "-o", "cmp", "--json"}, dir.path());
  ASSERT_EQ(cmp.exit_code, 0) << cmp.err;
  const auto j = nlohmann::json::parse(cmp.out);
  ASSERT_EQ(j.at("series").size(), 1u);
  EXPECT_NE(j.at("series")[0].at("panel").get<std::string>().find("hypervolume of latency,energy,area"),
            std::string::npos);
  const std::string stem = "lenet5_hypervolume_of_latency_energy_area_6.8_mm2";
  for (const char* pair : {"_front_0_1", "_front_0_2", "_front_1_2"}) {
    for (const char* ext : {".png", ".svg", ".pdf"})
      EXPECT_TRUE(std::filesystem::exists(dir.path() / "cmp" / (stem + pair + ext))) << stem << pair << ext;
    EXPECT_EQ(data_rows(dir.path() / "cmp" / (stem + pair + ".dat")), static_cast<int>(front_members)) << pair;
  }
  std::ifstream md(dir.path() / "cmp" / "summary.md");
  const std::string summary{std::istreambuf_iterator<char>(md), {}};
  EXPECT_NE(summary.find("reference"), std::string::npos) << "the hypervolume's reference point is stated";
}

}  // namespace
}  // namespace archex::explore
