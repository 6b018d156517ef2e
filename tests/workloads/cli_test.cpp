// The `archex workloads` command-line contract, run against the built binary.

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/workloads/onnx_graph_builder.h"
#include "tests/workloads/test_helpers.h"

namespace archex::workload {
namespace {

using testing::Attr;
using testing::OnnxGraphBuilder;
using testing::TempDir;

struct CliRun {
  int status = -1;
  std::string out, err;
};

class WorkloadsCli : public ::testing::Test {
 protected:
  // Runs archex with `args` (already shell-quoted where needed), saved workloads in the temp dir.
  CliRun archex(const std::string& args) const {
    const auto out = dir_.path() / "stdout", err = dir_.path() / "stderr";
    const std::string command = "ARCHEX_WORKLOADS_DIR='" + (dir_.path() / "saved").string() + "' '" +
                                ARCHEX_BINARY + "' " + args + " >'" + out.string() + "' 2>'" + err.string() + "'";
    const int raw = std::system(command.c_str());
    CliRun run;
    run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    run.out = slurp(out);
    run.err = slurp(err);
    return run;
  }

  static std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  // Exit 2 and exactly one line on stderr, "archex: error: ..." containing `part`.
  void expect_error(const std::string& args, const std::string& part) const {
    SCOPED_TRACE(args);
    const CliRun r = archex(args);
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err.rfind("archex: error: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_THAT(r.err, HasSubstr(part));
    EXPECT_TRUE(r.out.empty());
  }

  TempDir dir_;
};

TEST_F(WorkloadsCli, ListShowsTheZoo) {
  const CliRun r = archex("workloads list");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 12);
  EXPECT_THAT(r.out, HasSubstr("mobilenet_v2"));
  EXPECT_THAT(r.out, HasSubstr("300.77 M MACs"));
}

TEST_F(WorkloadsCli, ShowJsonReportsTheCounts) {
  const CliRun r = archex("workloads show mobilenet_v2 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["name"], "mobilenet_v2");
  EXPECT_EQ(j["macs"], 300'774'272);
  EXPECT_EQ(j["params"], 3'487'816);
  EXPECT_EQ(j["weight_bytes"], 3'487'816);
  EXPECT_GT(j["peak_activation_bytes"].get<std::int64_t>(), 0);
  ASSERT_EQ(j["layers"].size(), 65u);
  std::int64_t macs = 0;
  for (const auto& layer : j["layers"]) {
    for (const char* key : {"name", "op", "inputs", "input_shapes", "output", "macs", "params"})
      EXPECT_TRUE(layer.contains(key)) << key;
    macs += layer["macs"].get<std::int64_t>();
  }
  EXPECT_EQ(macs, 300'774'272);

  const CliRun unfolded = archex("workloads show resnet50 --json --keep-batch-norm --bytes-per-element 2");
  ASSERT_EQ(unfolded.status, 0) << unfolded.err;
  const auto u = nlohmann::json::parse(unfolded.out);
  EXPECT_EQ(u["params"], 25'557'032);
  EXPECT_EQ(u["weight_bytes"], 2 * 25'557'032);
}

TEST_F(WorkloadsCli, ShowTableAndFiles) {
  const CliRun r = archex("workloads show lenet5");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("lenet5: 8 layers"));
  EXPECT_THAT(r.out, HasSubstr("conv2d+sigmoid"));
  const auto file = dir_.write("net.yaml", "layers:\n  - {name: x, op: input, shape: [3, 8, 8]}\n"
                                           "  - {name: c, op: conv2d, out_channels: 4, kernel: 3}\n");
  const CliRun f = archex("workloads show '" + file.string() + "' --json");
  ASSERT_EQ(f.status, 0) << f.err;
  EXPECT_EQ(nlohmann::json::parse(f.out)["macs"], 4 * 3 * 9 * 36);
}

TEST_F(WorkloadsCli, ImportSaveAndShowByName) {
  testing::BuiltModel m = testing::mobilenet_v2_export();
  const auto onnx = dir_.write("mnv2.onnx", m.graph.serialized(m.output));
  const CliRun imported = archex("workloads import '" + onnx.string() + "' --name my_net --save --json");
  ASSERT_EQ(imported.status, 0) << imported.err;
  EXPECT_EQ(nlohmann::json::parse(imported.out)["name"], "my_net");
  EXPECT_THAT(imported.err, HasSubstr("saved workload 'my_net'"));
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "saved" / "my_net.yaml"));

  const CliRun shown = archex("workloads show my_net --json");
  ASSERT_EQ(shown.status, 0) << shown.err;
  EXPECT_EQ(nlohmann::json::parse(shown.out)["macs"], 300'774'272);
  const CliRun listed = archex("workloads list");
  EXPECT_THAT(listed.out, HasSubstr("my_net"));
  EXPECT_EQ(std::count(listed.out.begin(), listed.out.end(), '\n'), 13);

  expect_error("workloads import '" + onnx.string() + "' --name resnet50 --save", "is a zoo model");
}

TEST_F(WorkloadsCli, ErrorPathsExitTwoWithOneLine) {
  expect_error("workloads show no_such_model", "unknown workload 'no_such_model'");
  expect_error("workloads show '" + (dir_.path() / "missing.yaml").string() + "'", "missing.yaml");
  expect_error("workloads show '" + dir_.write("bad.yaml", "layers: [ {name: x").string() + "'", "invalid YAML");
  expect_error("workloads show '" + dir_.write("bad.onnx", "\xff\xff\xff garbage").string() + "'",
               "protobuf parse failed");
  expect_error("workloads import '" + dir_.write("bad2.onnx", "\xff\xff\xff garbage").string() + "'",
               "protobuf parse failed");
  expect_error("workloads import '" + (dir_.path() / "none.onnx").string() + "'", "none.onnx");
  expect_error("workloads import '" + dir_.write("model.yaml", "x: 1").string() + "'", "is not an .onnx file");
  expect_error("workloads show lenet5 --bytes-per-element 3", "bytes_per_element = 3");
}

TEST_F(WorkloadsCli, UnsupportedOnnxOperatorExitsTwoNamingNodeAndOp) {
  OnnxGraphBuilder g("unsupported");
  const std::string y = g.node("Einsum", {g.input("x", {1, 4, 8})}, {Attr{"equation", {}, true, "bij->bji"}});
  const auto onnx = dir_.write("einsum.onnx", g.serialized(y));
  expect_error("workloads show '" + onnx.string() + "'", "node '/Einsum_1' (Einsum): operator computes on activations");
  expect_error("evaluate --workload '" + onnx.string() + "'", "(Einsum)");
}

}  // namespace
}  // namespace archex::workload
