// The `archex` commands of this library, run as a user would: space show,
// evaluate (single, --batch), calibrate and bench cost-model.

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using ::testing::HasSubstr;

struct Outcome {
  int status = -1;
  std::string out, err;
};

class Cli : public ::testing::Test {
 protected:
  std::filesystem::path dir_ = std::filesystem::temp_directory_path() /
                               ("archex_cli_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
                                "_" + std::to_string(::getpid()));
  void SetUp() override { std::filesystem::create_directories(dir_); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }
  static std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  // One JSON value per line of `text` (what `evaluate --batch` prints).
  static std::vector<nlohmann::json> json_lines(const std::string& text) {
    std::istringstream lines(text);
    std::vector<nlohmann::json> out;
    for (std::string line; std::getline(lines, line);) out.push_back(nlohmann::json::parse(line));
    return out;
  }
  // Runs `archex <args>` with `input` on stdin.
  Outcome archex(const std::string& args, const std::string& input = "") const {
    const auto in = write("stdin.txt", input);
    const std::string cmd = std::string("env -u ARCHEX_TEMPLATE ") + ARCHEX_BINARY + " " + args + " < " +
                            in.string() + " > " + (dir_ / "out.txt").string() + " 2> " +
                            (dir_ / "err.txt").string();
    Outcome r;
    const int raw = std::system(cmd.c_str());
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = slurp(dir_ / "out.txt");
    r.err = slurp(dir_ / "err.txt");
    return r;
  }
};

TEST_F(Cli, SpaceShowPrintsSizeBaselineAndArea) {
  const Outcome r = archex("space show --json --sample 2000");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["space_size"].get<double>(), 452760000.0);
  EXPECT_EQ(j["parameters"].size(), 10u);
  EXPECT_EQ(j["baseline"]["lanes_per_core"], 32);
  EXPECT_GT(j["baseline_area_mm2"]["total"].get<double>(), 5.0);
  EXPECT_LT(j["baseline_area_mm2"]["total"].get<double>(), 7.0);
  ASSERT_EQ(j["area_budgets"].size(), 3u);
  EXPECT_LT(j["area_budgets"][0]["fraction_within"].get<double>(), 0.5);  // most of the space is too big

  const Outcome text = archex("space show --sample 0");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("space size: 452760000 configurations"));
  EXPECT_THAT(text.out, HasSubstr("baseline area: "));
}

TEST_F(Cli, BrokenTemplateFileIsAClearError) {
  const auto broken = write("t.yaml", "name: x\nparameters:\n  - name: a\n    values: [2, 1]\n");
  const Outcome r = archex("space show --template " + broken.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("archex: error: " + broken.string() + ":1:1: template: field 'architecture': expected a map"));
}

TEST_F(Cli, EvaluateJsonHasTotalsAndLayers) {
  const Outcome r = archex("evaluate --workload mobilenet_v2 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"latency_ms", "latency_cycles", "area_mm2", "energy_uj", "feasible", "reason", "layers"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_TRUE(j["feasible"].get<bool>());
  ASSERT_EQ(j["layers"].size(), 65u);
  EXPECT_EQ(j["layers"][1]["name"], "features.0");
  std::int64_t sum = 0;
  for (const auto& l : j["layers"]) sum += l["cycles"].get<std::int64_t>();
  EXPECT_EQ(sum, j["latency_cycles"].get<std::int64_t>());

  const Outcome table = archex("evaluate --workload mobilenet_v2 --set io_bandwidth=5");
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("features.2.depthwise"));
  EXPECT_THAT(table.out, HasSubstr("io_bandwidth=5"));
  EXPECT_THAT(table.out, HasSubstr("latency: "));
}

TEST_F(Cli, EvaluateConfigFileAndSetCombine) {
  const auto config = write("c.yaml", "pe_x: 8\npe_y: 8\n");
  const Outcome r = archex("evaluate --workload mobilenet_v2 --json --config " + config.string() + " --set pe_y=2");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["config"]["pe_x"], 8);
  EXPECT_EQ(j["config"]["pe_y"], 2);
}

TEST_F(Cli, EvaluateRejectsBadInput) {
  Outcome r = archex("evaluate --workload mobilenet_v2 --set pe_x=3");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("parameter 'pe_x': value 3 is not allowed; allowed values: {1, 2, 4, 6"));
  r = archex("evaluate --workload mobilenet_v2 --set turbo=1");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown parameter 'turbo'"));
  r = archex("evaluate --workload mobilenet_v2 --set pe_x");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("'pe_x': expected name=value"));
  r = archex("evaluate --workload mobilenet_v2 --baseline --set pe_x=2");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("--baseline cannot be combined"));
  r = archex("evaluate --workload no_such_net");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("no_such_net"));
}

TEST_F(Cli, BatchAnswersEveryLineAndReportsBadLinesByNumber) {
  const Outcome single = archex("evaluate --workload mobilenet_v2 --json --set pe_x=8");
  ASSERT_EQ(single.status, 0) << single.err;
  const Outcome r = archex("evaluate --workload mobilenet_v2 --batch",
                       "{\"pe_x\": 8}\n{not json\n\n{\"pe_x\": 3}\n{}\n");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<nlohmann::json> out = json_lines(r.out);
  ASSERT_EQ(out.size(), 4u);  // the blank line is skipped
  EXPECT_EQ(out[0]["line"], 1);
  EXPECT_EQ(out[0]["latency_cycles"], nlohmann::json::parse(single.out)["latency_cycles"]);
  EXPECT_EQ(out[1]["line"], 2);
  EXPECT_THAT(out[1]["error"].get<std::string>(), HasSubstr("stdin line 2"));
  EXPECT_EQ(out[2]["line"], 4);
  EXPECT_THAT(out[2]["error"].get<std::string>(), HasSubstr("value 3 is not allowed"));
  EXPECT_EQ(out[3]["line"], 5);
  EXPECT_TRUE(out[3]["feasible"].get<bool>());  // {} is the baseline
}

TEST_F(Cli, BatchLinesTakeSizesWithUnitsAsSetDoes) {
  const Outcome single = archex("evaluate --workload mobilenet_v2 --json --set pe_memory=1MiB");
  ASSERT_EQ(single.status, 0) << single.err;
  const Outcome r = archex("evaluate --workload mobilenet_v2 --batch",
                           "{\"pe_memory\": \"1MiB\"}\n{\"pe_memory\": 1048576}\n{\"pe_x\": \"8KiB\"}\n");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<nlohmann::json> out = json_lines(r.out);
  ASSERT_EQ(out.size(), 3u);
  const auto expected = nlohmann::json::parse(single.out)["latency_cycles"];
  EXPECT_EQ(out[0]["latency_cycles"], expected);
  EXPECT_EQ(out[1]["latency_cycles"], expected);
  // pe_x is a count, not a size: the unit is refused, naming the parameter.
  EXPECT_THAT(out[2]["error"].get<std::string>(), HasSubstr("parameter 'pe_x': expected an integer, a size"));
}

TEST_F(Cli, CalibrateFitsMeasuredCyclesAndEvaluateUsesTheFit) {
  // "Measurements" taken from the default model itself: the fit must
  // reproduce it (overhead ~100 cycles, same latency when used).
  const Outcome eval = archex("evaluate --workload mobilenet_v2 --json --set io_bandwidth=5");
  ASSERT_EQ(eval.status, 0) << eval.err;
  std::string csv = "layer,cycles,io_bandwidth\n";
  const auto evaluated = nlohmann::json::parse(eval.out);
  for (const auto& l : evaluated["layers"])
    if (l["cycles"].get<std::int64_t>() > 0)
      csv += l["name"].get<std::string>() + "," + std::to_string(l["cycles"].get<std::int64_t>()) + ",5\n";
  const auto measured = write("measured.csv", csv);
  const auto fitted = dir_ / "fit.json";
  const Outcome cal = archex("calibrate --workload mobilenet_v2 --measured " + measured.string() + " --out " +
                         fitted.string());
  ASSERT_EQ(cal.status, 0) << cal.err;
  EXPECT_THAT(cal.out, HasSubstr("calibrated on 65 measured layers"));
  const auto fit = nlohmann::json::parse(slurp(fitted));
  EXPECT_NEAR(fit["layer_overhead_cycles"].get<double>(), 100.0, 5.0);
  const Outcome again = archex("evaluate --workload mobilenet_v2 --json --set io_bandwidth=5 --calibration " +
                           fitted.string());
  ASSERT_EQ(again.status, 0) << again.err;
  const double before = evaluated["latency_cycles"].get<double>();
  EXPECT_NEAR(nlohmann::json::parse(again.out)["latency_cycles"].get<double>(), before, 0.01 * before);

  const Outcome bad = archex("calibrate --workload mobilenet_v2 --measured " + write("bad.csv", "layer,cycles\nx,1\n").string());
  EXPECT_EQ(bad.status, 2);
  EXPECT_THAT(bad.err, HasSubstr("bad.csv:2: unknown layer 'x'"));
}

TEST_F(Cli, CalibrateWorksForArchitectureTemplatesAtABatchSize) {
  // Eyeriss "measured" 25 % slower than the model plus 500 cycles per layer:
  // the fitted file makes evaluate reproduce the measurements.
  const std::string base = "evaluate --template eyeriss_v1 --workload alexnet_original --batch-size 4 --json";
  const Outcome eval = archex(base);
  ASSERT_EQ(eval.status, 0) << eval.err;
  std::string csv = "layer,cycles\n";
  double measured_total = 0.0;
  const auto evaluated = nlohmann::json::parse(eval.out);
  for (const auto& l : evaluated["layers"]) {
    const double cycles = l["cycles"].get<double>();
    if (cycles <= 0.0) continue;
    const double measured = cycles * 1.25 + 500.0;
    measured_total += measured;
    csv += l["name"].get<std::string>() + "," + std::to_string(measured) + "\n";
  }
  const auto fitted = dir_ / "eyeriss-fit.json";
  const Outcome cal = archex("calibrate --template eyeriss_v1 --workload alexnet_original --batch-size 4 --measured " +
                             write("eyeriss.csv", csv).string() + " --out " + fitted.string());
  ASSERT_EQ(cal.status, 0) << cal.err;
  EXPECT_THAT(cal.out, HasSubstr("calibrated on"));
  const auto fit = nlohmann::json::parse(slurp(fitted));
  EXPECT_TRUE(fit.contains("compute_efficiency") && fit.contains("layer_overhead_cycles")) << fit.dump();
  EXPECT_FALSE(fit.contains("instruction_bytes")) << "edge-model fields do not belong to an architecture template";
  const Outcome again = archex(base + " --calibration " + fitted.string());
  ASSERT_EQ(again.status, 0) << again.err;
  double predicted_total = 0.0;
  const auto calibrated = nlohmann::json::parse(again.out);
  for (const auto& l : calibrated["layers"]) predicted_total += l["cycles"].get<double>();
  EXPECT_NEAR(predicted_total, measured_total, 0.03 * measured_total);

  // An edge-model calibration file is refused by name, not silently misread.
  const Outcome wrong = archex(base + " --calibration " +
                               write("edge.json", R"({"instruction_bytes": 8})").string());
  EXPECT_EQ(wrong.status, 2);
  EXPECT_THAT(wrong.err, HasSubstr("edge.json: unknown key 'instruction_bytes'"));
}

TEST_F(Cli, BenchCostModelReportsEvaluationsPerSecond) {
  const Outcome r = archex("bench cost-model --workload mobilenet_v2 --n 2000 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["evaluations"], 2000);
  EXPECT_GT(j["evals_per_second"].get<double>(), 0.0);
  const Outcome text = archex("bench cost-model --n 500");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("evals_per_second: "));
  EXPECT_EQ(archex("bench cost-model --n 0").status, 2);
}

}  // namespace

namespace {

class ArchitectureCli : public Cli {};

TEST_F(ArchitectureCli, TemplatesListAndShow) {
  const Outcome list = archex("templates list --json");
  ASSERT_EQ(list.status, 0) << list.err;
  const auto j = nlohmann::json::parse(list.out);
  std::set<std::string> names;
  for (const auto& t : j) names.insert(t["name"].get<std::string>());
  for (const char* name : {"apollo_edge", "eyeriss_v1", "eyeriss_space"}) EXPECT_TRUE(names.count(name)) << name;

  const Outcome show = archex("templates show eyeriss_v1 --json");
  ASSERT_EQ(show.status, 0) << show.err;
  const auto s = nlohmann::json::parse(show.out);
  EXPECT_EQ(s["architecture"]["pes"], 168);
  EXPECT_EQ(s["architecture"]["storage"].size(), 5u);
  EXPECT_EQ(s["content_hash"].get<std::string>().size(), 16u);

  const Outcome text = archex("templates show eyeriss_space");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("no-local-reuse"));

  // A choice parameter by name or by value.
  const Outcome by_name = archex("evaluate --template eyeriss_space --workload lenet5 --set dataflow=no-local-reuse --json");
  ASSERT_EQ(by_name.status, 0) << by_name.err;
  const auto named = nlohmann::json::parse(by_name.out);
  EXPECT_EQ(named["config"]["dataflow"], 3);
  EXPECT_EQ(named["layers"][1]["dataflow"], "no-local-reuse");

  const Outcome unknown = archex("templates show eyeriss_v9");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_THAT(unknown.err, HasSubstr("unknown template 'eyeriss_v9'; shipped templates: apollo_edge"));
}

TEST_F(ArchitectureCli, EvaluateJsonHasPerLayerOpLatencyEnergyDramAndPes) {
  const Outcome r = archex("evaluate --template eyeriss_v1 --workload alexnet_original --batch-size 4 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["template"], "eyeriss_v1");
  EXPECT_EQ(j["batch_size"], 4);
  for (const char* key : {"latency_ms", "area_mm2", "energy_uj", "dram_bytes", "layers"}) EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_TRUE(j["energy_uj_by_level"].contains("filter_spad"));
  EXPECT_TRUE(j["area_mm2_by_component"].contains("global_buffer"));
  bool saw_conv = false;
  for (const auto& layer : j["layers"]) {
    for (const char* key : {"op", "latency_ms", "energy_uj", "dram_bytes", "cycles", "name"})
      EXPECT_TRUE(layer.contains(key)) << key;
    if (layer["name"] == "conv1") {
      saw_conv = true;
      EXPECT_EQ(layer["op"], "conv2d");
      EXPECT_EQ(layer["active_pes"], 154);
    }
  }
  EXPECT_TRUE(saw_conv);
  // The edge template keeps its keys and gains the per-layer ones (no PEs count there).
  const Outcome edge = archex("evaluate --workload lenet5 --json");
  ASSERT_EQ(edge.status, 0) << edge.err;
  const auto e = nlohmann::json::parse(edge.out);
  EXPECT_TRUE(e["area_mm2_by_component"].contains("pe_memory"));
  EXPECT_TRUE(e["layers"][1].contains("latency_ms"));
  EXPECT_EQ(e["layers"][1]["op"], "conv2d");
}

TEST_F(ArchitectureCli, ValidateReportsEveryMeasuredLayer) {
  const std::string csv = std::string(ARCHEX_SOURCE_DIR) + "/validation/eyeriss_v1_alexnet.csv";
  const Outcome r = archex("validate --template eyeriss_v1 --workload alexnet_original --batch-size 4 --json --measured " + csv);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["layers"].size(), 5u);
  EXPECT_EQ(j["layers"][0]["layer"], "conv1");
  EXPECT_EQ(j["layers"][0]["latency_ms"]["measured"], 16.5);
  EXPECT_LE(j["max_abs_error"]["latency_ms"].get<double>(), 0.25);
  EXPECT_LE(j["max_abs_error"]["active_pes"].get<double>(), 0.15);
  EXPECT_TRUE(j["layers"][2]["dram_mb"].contains("predicted"));

  const Outcome text = archex("validate --template eyeriss_v1 --workload alexnet_original --batch-size 4 --measured " + csv);
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("mean |error|: latency_ms"));
}

TEST_F(ArchitectureCli, ValidateRefusesAnUnknownLayerOrColumn) {
  const auto bad_layer = write("m.csv", "layer,latency_ms\nconv1,16.5\nconv9,1.0\n");
  const Outcome r = archex("validate --template eyeriss_v1 --workload alexnet_original --measured " + bad_layer.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr(bad_layer.string() + ":3: layer 'conv9' is not a layer of the workload"));
  const auto bad_column = write("c.csv", "layer,latency_us\nconv1,16.5\n");
  const Outcome c = archex("validate --template eyeriss_v1 --workload alexnet_original --measured " + bad_column.string());
  EXPECT_EQ(c.status, 2);
  EXPECT_THAT(c.err, HasSubstr("unknown column 'latency_us'"));
  const Outcome batch = archex("validate --template eyeriss_v1 --workload alexnet_original --batch-size 0 --measured " +
                               bad_layer.string());
  EXPECT_EQ(batch.status, 2);
  EXPECT_THAT(batch.err, HasSubstr("--batch-size must be from 1 to 65536, got 0"));
  const Outcome eval = archex("evaluate --template eyeriss_v1 --workload lenet5 --batch-size -2");
  EXPECT_EQ(eval.status, 2);
  EXPECT_THAT(eval.err, HasSubstr("--batch-size must be from 1 to 65536, got -2"));
  const auto bad_value = write("v.csv", "layer,latency_ms\nconv1,-3\n");
  const Outcome v = archex("validate --template eyeriss_v1 --workload alexnet_original --measured " + bad_value.string());
  EXPECT_EQ(v.status, 2);
  EXPECT_THAT(v.err, HasSubstr(":2: column 'latency_ms': expected a number > 0, got '-3'"));
}

TEST_F(ArchitectureCli, StudyRunsOnAnArchitectureTemplate) {
  const std::string db = (dir_ / "s.db").string();
  const Outcome r = archex("run --template eyeriss_space --workload lenet5 --optimizer random --trials 12 --db " + db);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("lenet5-latency-16mm2-random-seed0"));
  EXPECT_THAT(r.out, HasSubstr("12/12 trials"));
  const Outcome chip = archex("run --template eyeriss_v1 --workload lenet5 --trials 3 --db " + db);
  EXPECT_EQ(chip.status, 2);  // a fixed chip has nothing to search
  EXPECT_THAT(chip.err, HasSubstr("no parameters"));
}

}  // namespace

namespace {

TEST_F(ArchitectureCli, AStudyRecordsItsTemplateAndRefusesAnEditedOne) {
  std::ifstream in(std::string(ARCHEX_SOURCE_DIR) + "/accelerator-template/templates/eyeriss_space.yaml");
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  const auto file = write("mine.yaml", text);
  const std::string db = (dir_ / "t.db").string();
  const Outcome r = archex("run --study s --template " + file.string() + " --workload lenet5 --optimizer random --trials 4 --db " + db);
  ASSERT_EQ(r.status, 0) << r.err;
  const Outcome shown = archex("show --study s --json --db " + db);
  ASSERT_EQ(shown.status, 0) << shown.err;
  const auto j = nlohmann::json::parse(shown.out);
  EXPECT_EQ(j["spec"]["template_recorded"]["name"], "eyeriss_space");
  EXPECT_EQ(j["spec"]["template_recorded"]["content_hash"].get<std::string>().size(), 16u);

  write("mine.yaml", text + "\n# an edit\n");
  const Outcome resumed = archex("resume --study s --trials 8 --db " + db);
  EXPECT_EQ(resumed.status, 2);
  EXPECT_THAT(resumed.err, HasSubstr("the template file changed"));
}

}  // namespace

namespace {

// JSON nested 100,000 deep used to overflow the parser's stack (SIGSEGV) and
// lose the lines after it; now it is one bad line, or a clear file error.
TEST_F(Cli, DeeplyNestedJsonIsABadLineNotACrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const Outcome r = archex("evaluate --workload lenet5 --batch", deep + "\n{}\n");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<nlohmann::json> out = json_lines(r.out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_THAT(out[0]["error"].get<std::string>(), HasSubstr("stdin line 1: JSON nested deeper than 256 levels"));
  EXPECT_TRUE(out[1]["feasible"].get<bool>());

  const auto calibration = write("deep.json", std::string(100000, '{') + "\n");
  const Outcome c = archex("evaluate --workload lenet5 --calibration " + calibration.string());
  EXPECT_EQ(c.status, 2);
  EXPECT_THAT(c.err, HasSubstr(calibration.string() + ": JSON nested deeper than 256 levels"));
}

}  // namespace
