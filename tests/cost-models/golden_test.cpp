// Golden per-layer regression: reference cycles / bound / dataflow / DRAM
// bytes of every layer of a fixed network on fixed configs, in a reviewed file
// (tests/cost-models/golden/mini_mobilenet.json). Any change of the model's
// numbers shows up as a diff of that file. To accept an intended change:
//   ARCHEX_UPDATE_GOLDEN=1 build/<preset>/tests/cost_models_tests --gtest_filter='Golden*'
// then review `git diff tests/cost-models/golden`.

#include <cstdlib>
#include <fstream>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "accelerator-template/config_io.h"
#include "cost-models/analytical.h"
#include "cost-models/metrics_json.h"
#include "tests/cost-models/layer_factory.h"

namespace archex::cost {
namespace {

const char* const kGoldenFile = ARCHEX_SOURCE_DIR "/tests/cost-models/golden/mini_mobilenet.json";

// The baseline; a small design that streams weights and spills activations
// over a slow link; a wide design with tiny core and instruction memories;
// the small design with an activation memory too small to stage a spilled
// row (infeasible, with its reason).
std::vector<std::map<std::string, std::int64_t>> golden_configs() {
  const std::map<std::string, std::int64_t> small = {
      {"pe_x", 2}, {"pe_y", 1}, {"cores_per_pe", 2}, {"lanes_per_core", 16}, {"pe_memory", 262144},
      {"parameter_memory", 8192}, {"activation_memory", 32768}, {"io_bandwidth", 5}};
  auto starved = small;
  starved["activation_memory"] = 16384;
  return {{},
          small,
          {{"pe_x", 16}, {"pe_y", 8}, {"cores_per_pe", 8}, {"lanes_per_core", 128}, {"core_memory", 4096},
           {"pe_memory", 1048576}, {"instruction_memory", 256}},
          starved};
}

nlohmann::json compute_golden() {
  const arch::Template tmpl = arch::Template::load_default();
  const AnalyticalModel model(tmpl);
  const auto layers = testing::mini_mobilenet();
  const PreparedWorkload prepared = prepare_layers(layers, 1, 0);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& values : golden_configs()) {
    const arch::Config config = tmpl.make_config(values);
    const Metrics m = model.evaluate_prepared(prepared, config, {.per_layer = true});
    nlohmann::json entry;
    for (const auto& [name, value] : arch::named_values(tmpl, config)) entry["config"][name] = value;
    entry["feasible"] = m.feasible;
    entry["reason"] = m.reason;
    entry["layers"] = nlohmann::json::array();
    entry["latency_cycles"] = m.latency_cycles;
    entry["dram_bytes"] = m.dram_bytes;
    entry["energy_uj"] = m.energy_uj;
    for (std::size_t i = 0; i < m.layers.size(); ++i) {
      const LayerMetrics& l = m.layers[i];
      entry["layers"].push_back({{"name", layers[i].name},
                                 {"cycles", l.cycles},
                                 {"bound", bound_name(l.bound)},
                                 {"dataflow", l.dataflow},
                                 {"dram_bytes", l.dram_bytes}});
    }
    out.push_back(std::move(entry));
  }
  return out;
}

TEST(GoldenRegression, MiniMobileNetMatchesTheReviewedReference) {
  const nlohmann::json actual = compute_golden();
  if (const char* update = std::getenv("ARCHEX_UPDATE_GOLDEN"); update != nullptr && std::string(update) == "1") {
    std::ofstream(kGoldenFile) << actual.dump(1) << "\n";
    GTEST_SKIP() << "rewrote " << kGoldenFile;
  }
  std::ifstream in(kGoldenFile);
  ASSERT_TRUE(in) << "missing " << kGoldenFile;
  const nlohmann::json expected = nlohmann::json::parse(in);
  ASSERT_EQ(expected.size(), actual.size());
  for (std::size_t c = 0; c < expected.size(); ++c) {
    SCOPED_TRACE("config " + expected[c]["config"].dump());
    EXPECT_EQ(actual[c]["config"], expected[c]["config"]);
    EXPECT_EQ(actual[c]["feasible"], expected[c]["feasible"]);
    EXPECT_EQ(actual[c]["reason"], expected[c]["reason"]);
    EXPECT_EQ(actual[c]["latency_cycles"], expected[c]["latency_cycles"]);
    EXPECT_EQ(actual[c]["dram_bytes"], expected[c]["dram_bytes"]);
    EXPECT_NEAR(actual[c]["energy_uj"].get<double>(), expected[c]["energy_uj"].get<double>(),
                1e-9 * expected[c]["energy_uj"].get<double>());
    ASSERT_EQ(actual[c]["layers"].size(), expected[c]["layers"].size());
    for (std::size_t i = 0; i < expected[c]["layers"].size(); ++i)
      EXPECT_EQ(actual[c]["layers"][i], expected[c]["layers"][i]);
  }
}

}  // namespace
}  // namespace archex::cost
