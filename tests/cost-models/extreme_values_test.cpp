// Property: whatever positive values a template lists, every design of it is
// either infeasible with a reason or costs to finite, non-negative numbers
// with a positive area; and its area (the budget check) is always finite and
// positive. The shipped templates, each value list extended by one extreme
// value, are evaluated at the extreme value of each parameter and of all.

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "accelerator-template/template.h"
#include "cost-models/registry.h"
#include "workloads/registry.h"

namespace archex::cost {
namespace {

namespace fs = std::filesystem;

// `shipped` with `extreme` appended to every parameter's value list.
arch::Template extended(const std::string& shipped, std::int64_t extreme) {
  std::ifstream in(arch::Template::shipped_dir() / (shipped + ".yaml"));
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  const std::string changed =
      std::regex_replace(text, std::regex(R"((values: \[[0-9,\s]*)\])"), "$1, " + std::to_string(extreme) + "]");
  const fs::path file = fs::temp_directory_path() / (shipped + "_extreme_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(file) << changed;
  arch::Template t = arch::Template::load(file);
  fs::remove(file);
  return t;
}

void expect_sound(const CostModel& model, const workload::Workload& w, const arch::Config& config,
                  const std::string& what) {
  const double area = model.area_mm2(config);
  EXPECT_TRUE(std::isfinite(area) && area > 0) << what << ": area " << area;
  const Metrics m = model.evaluate(w, config, {.per_layer = true});
  if (!m.feasible) {
    EXPECT_FALSE(m.reason.empty()) << what;
    return;
  }
  EXPECT_TRUE(std::isfinite(m.area_mm2) && m.area_mm2 > 0) << what;
  EXPECT_GT(m.latency_cycles, 0) << what;
  EXPECT_GE(m.dram_bytes, 0) << what;
  EXPECT_TRUE(std::isfinite(m.latency_ms) && m.latency_ms > 0) << what;
  EXPECT_TRUE(std::isfinite(m.energy_uj) && m.energy_uj > 0) << what;
  for (const LayerMetrics& l : m.layers) {
    EXPECT_GE(l.cycles, 0) << what;
    EXPECT_GE(l.dram_bytes, 0) << what;
    EXPECT_TRUE(std::isfinite(l.energy_pj) && l.energy_pj >= 0) << what;
  }
}

void check_template(const std::string& shipped, const std::string& workload_name) {
  const workload::Workload w = workload::load_workload(workload_name);
  for (const std::int64_t extreme : {std::int64_t{1} << 31, std::int64_t{1} << 40, std::int64_t{1} << 62,
                                     std::numeric_limits<std::int64_t>::max()}) {
    const arch::Template t = extended(shipped, extreme);
    const auto model = make_cost_model("analytical", t);
    arch::Config all = t.baseline();
    for (std::size_t p = 0; p < t.parameters().size(); ++p) {
      if (!t.parameters()[p].labels.empty()) continue;  // a choice (dataflow), not a size
      arch::Config one = t.baseline();
      one.values[p] = all.values[p] = extreme;
      expect_sound(*model, w, one, shipped + ": " + t.parameters()[p].name + " = " + std::to_string(extreme));
    }
    expect_sound(*model, w, all, shipped + ": every parameter = " + std::to_string(extreme));
  }
}

TEST(ExtremeTemplateValues, EdgeTemplateNeverOverflows) { check_template("apollo_edge", "resnet50"); }

TEST(ExtremeTemplateValues, ArchitectureTemplateNeverOverflows) { check_template("eyeriss_space", "alexnet"); }

TEST(ExtremeTemplateValues, ADesignBeyondTheModelsLimitsIsInfeasibleSayingWhy) {
  const workload::Workload w = workload::load_workload("lenet5");
  const arch::Template t = extended("apollo_edge", std::int64_t{1} << 40);
  arch::Config config = t.baseline();
  config.values[t.index_of("lanes_per_core")] = std::int64_t{1} << 40;
  const Metrics m = make_cost_model("analytical", t)->evaluate(w, config);
  EXPECT_FALSE(m.feasible);
  EXPECT_NE(m.reason.find("MAC lanes (pe_x x pe_y x cores_per_pe x lanes_per_core)"), std::string::npos) << m.reason;
  EXPECT_NE(m.reason.find("beyond the cost models' limit"), std::string::npos) << m.reason;
}

}  // namespace
}  // namespace archex::cost
