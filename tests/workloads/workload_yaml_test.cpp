// The workload file format: round trips, hand-written files, JSON, errors.

#include "workloads/workload_yaml.h"

#include <gtest/gtest.h>

#include "tests/workloads/test_helpers.h"
#include "workloads/registry.h"
#include "workloads/zoo.h"

namespace archex::workload {
namespace {

using testing::expect_same_workload;
using testing::TempDir;

TEST(WorkloadYaml, EveryZooModelRoundTrips) {
  for (const ZooModel& model : zoo_models()) {
    for (const BuildOptions& options :
         {BuildOptions{}, BuildOptions{.bytes_per_element = 2, .fold_batch_norm = false, .fuse_activations = false}}) {
      SCOPED_TRACE(std::string(model.name) + (options.fold_batch_norm ? " folded" : " as defined"));
      const Workload original = model.define().build(options);
      const std::string text = workload_to_yaml(original);
      const Workload read = parse_workload_yaml(text, "roundtrip.yaml", options);
      expect_same_workload(original, read);
      EXPECT_EQ(workload_to_yaml(read), text);  // stable: a second trip writes the same bytes
    }
  }
}

TEST(WorkloadYaml, HandWrittenFileWithDefaults) {
  const std::string text = R"(
name: tiny
description: a hand-written example
layers:
  - {name: image, op: input, shape: [3, 32, 32]}
  - {name: stem, op: conv2d, out_channels: 16, kernel: 3, stride: 2, padding: same, activation: relu}
  - {name: dw, op: conv2d, out_channels: 16, groups: 16, kernel: [3, 3], padding: [1, 1]}
  - {name: bn, op: batch_norm}
  - {name: act, op: activation, activation: hard_swish}
  - {name: sum, op: add, inputs: [stem, act]}
  - {name: pool, op: max_pool, kernel: 2}
  - {name: flat, op: flatten}
  - {name: fc, op: fully_connected, out_features: 10, bias: true, in_features: 1024}
)";
  const Workload as_written = parse_workload_yaml(text, "tiny.yaml", {.fold_batch_norm = false, .fuse_activations = false});
  ASSERT_EQ(as_written.layers().size(), 9u);
  EXPECT_EQ(as_written.name(), "tiny");
  const Layer& stem = as_written.layers()[1];
  EXPECT_EQ(stem.output, (TensorShape{16, 16, 16}));
  EXPECT_EQ(stem.pad_bottom, 1);  // "same" at stride 2 on an even size
  EXPECT_EQ(stem.activation, ActivationKind::kRelu);
  EXPECT_EQ(as_written.layers()[2].macs, 16 * 16 * 16 * 9);
  EXPECT_EQ(as_written.layers()[6].output, (TensorShape{16, 8, 8}));  // pool stride = kernel
  EXPECT_EQ(as_written.layers()[7].output, (TensorShape{1024, 1, 1}));
  EXPECT_EQ(as_written.total_macs(), 16 * 16 * 16 * 27 + 16 * 16 * 16 * 9 + 1024 * 10);
  EXPECT_EQ(as_written.total_params(), 16 * 27 + 16 * 9 + 2 * 16 + 1024 * 10 + 10);

  const Workload simplified = parse_workload_yaml(text, "tiny.yaml");
  EXPECT_EQ(simplified.layers().size(), 7u);  // bn folded into dw, hard-swish fused
  EXPECT_EQ(simplified.layers()[2].activation, ActivationKind::kHardSwish);
}

TEST(WorkloadYaml, NameDefaultsToTheFileStem) {
  const Workload w = parse_workload_yaml("layers: [{name: x, op: input, shape: [4]}]", "dir/my_net.yaml");
  EXPECT_EQ(w.name(), "my_net");
  EXPECT_EQ(w.layers()[0].output, (TensorShape{4, 1, 1}));
}

TEST(WorkloadYaml, JsonIsAccepted) {
  const std::string json = R"({"name": "j", "layers": [
      {"name": "x", "op": "input", "shape": [8, 4, 4]},
      {"name": "c", "op": "conv2d", "inputs": ["x"], "out_channels": 4, "kernel": 1, "bias": true},
      {"name": "r", "op": "reshape", "shape": [16, 2, 2]}]})";
  const Workload w = parse_workload_yaml(json, "j.json");
  EXPECT_EQ(w.total_macs(), 4 * 8 * 16);
  EXPECT_EQ(w.total_params(), 36);
  EXPECT_EQ(w.layers().back().output, (TensorShape{16, 2, 2}));
}

TEST(WorkloadYaml, StatedCountsAreChecked) {
  const std::string good = R"(layers:
  - {name: x, op: input, shape: [2, 4, 4]}
  - {name: c, op: conv2d, out_channels: 3, kernel: 1, output: [3, 4, 4], macs: 96, params: 6})";
  EXPECT_EQ(parse_workload_yaml(good, "g.yaml").total_macs(), 96);
  std::string bad = good;
  bad.replace(bad.find("macs: 96"), 8, "macs: 97");
  EXPECT_WORKLOAD_ERROR(parse_workload_yaml(bad, "g.yaml"), HasSubstr("g.yaml:3:5"),
                        HasSubstr("layer 'c': states macs 97 but the layer computes 96"));
}

TEST(WorkloadYaml, SizesBeyondWhatArchexCountsAreRefusedNotWrapped) {
  const char* files[] = {
      "layers:\n  - {name: x, op: input, shape: [3, 1073741825, 8]}\n",
      "layers:\n  - {name: x, op: input, shape: [65536, 65536, 65536]}\n",
      "layers:\n  - {name: x, op: input, shape: [3, 8, 8]}\n"
      "  - {name: c, op: conv2d, out_channels: 9000000000000000000, kernel: 3}\n",
      "layers:\n  - {name: x, op: input, shape: [3, 8, 8]}\n"
      "  - {name: c, op: conv2d, out_channels: 8, kernel: 3, stride: 4611686018427387904}\n",
  };
  for (const char* text : files)
    EXPECT_WORKLOAD_ERROR(parse_workload_yaml(text, "big.yaml"), HasSubstr("beyond what archex counts")) << text;
}

TEST(WorkloadYaml, TextThatIsNotUtf8IsRefused) {
  EXPECT_WORKLOAD_ERROR(parse_workload_yaml("layers:\n  - {name: x\xff, op: input, shape: [3, 8, 8]}\n", "u.yaml"),
                        HasSubstr("u.yaml:2: not UTF-8 text (byte 0xFF)"));
  // What the builder refuses whatever the source (ONNX, code): a name that is not text.
  WorkloadBuilder b("bytes");
  b.input("x\xc3", {3, 8, 8});
  EXPECT_WORKLOAD_ERROR(b.build(), HasSubstr("the name of layer #1 is not UTF-8 text"));
}

TEST(WorkloadYaml, ErrorsNameFileLineAndField) {
  EXPECT_WORKLOAD_ERROR(parse_workload_yaml("layers: [ {name: x", "broken.yaml"),
                        HasSubstr("broken.yaml:1:"), HasSubstr("invalid YAML"));
  EXPECT_WORKLOAD_ERROR(parse_workload_yaml("name: empty", "e.yaml"),
                        HasSubstr("e.yaml"), HasSubstr("field 'layers': expected a non-empty list"));
  EXPECT_WORKLOAD_ERROR(parse_workload_yaml("", "blank.yaml"), HasSubstr("blank.yaml: empty workload file"));
  EXPECT_WORKLOAD_ERROR(parse_workload_yaml("layers: [{name: x, op: input, shape: [3]}]\nlayer: 1", "t.yaml"),
                        HasSubstr("t.yaml:2:1"), HasSubstr("unknown field 'layer'"));
  EXPECT_WORKLOAD_ERROR(
      parse_workload_yaml("layers:\n  - {name: x, op: input, shape: [3]}\n  - {name: y, op: conv3d}", "op.yaml"),
      HasSubstr("op.yaml:3:"), HasSubstr("layer 'y' (conv3d): field 'op': expected one of input, conv2d"));
  EXPECT_WORKLOAD_ERROR(
      parse_workload_yaml("layers:\n  - {name: x, op: input, shape: [3, 8, 8]}\n"
                          "  - {name: c, op: conv2d, out_channels: 4, kernel: -3}", "k.yaml"),
      HasSubstr("k.yaml:3:"), HasSubstr("layer 'c' (conv2d): field 'kernel': expected an integer >= 1 or [h, w], got '-3'"));
  EXPECT_WORKLOAD_ERROR(
      parse_workload_yaml("layers:\n  - {name: x, op: input, shape: [3, 8, 8]}\n"
                          "  - {name: c, op: conv2d, out_channels: 4, kernel: 1, kernal: 3}", "typo.yaml"),
      HasSubstr("unknown field 'kernal'"));
  EXPECT_WORKLOAD_ERROR(
      parse_workload_yaml("layers:\n  - {name: x, op: input, shape: [3, 8, 8]}\n  - {name: s, op: add}", "a.yaml"),
      HasSubstr("layer 's' (add): field 'inputs'"), HasSubstr("required"));
  EXPECT_WORKLOAD_ERROR(
      parse_workload_yaml("layers:\n  - {name: x, op: input, shape: [3, 8, 8]}\n"
                          "  - {name: r, op: activation, activation: swish}", "act.yaml"),
      HasSubstr("field 'activation': expected one of none, relu, relu6"));
  EXPECT_WORKLOAD_ERROR(parse_workload_yaml("format: archex-workload/9\nlayers: [{name: x, op: input, shape: [3]}]", "v.yaml"),
                        HasSubstr("field 'format': expected 'archex-workload/1'"));
}

TEST(WorkloadYaml, GraphErrorsNameTheFile) {
  EXPECT_WORKLOAD_ERROR(
      parse_workload_yaml("layers:\n  - {name: x, op: input, shape: [3, 8, 8]}\n"
                          "  - {name: c, op: conv2d, inputs: [ghost], out_channels: 4, kernel: 1}", "d.yaml"),
      HasSubstr("d.yaml: workload 'd': layer 'c' reads input 'ghost', which is not a layer"));
  EXPECT_WORKLOAD_ERROR(
      parse_workload_yaml("layers:\n  - {name: x, op: input, shape: [3, 8, 8]}\n"
                          "  - {name: a, op: add, inputs: [x, b]}\n"
                          "  - {name: b, op: conv2d, inputs: [a], out_channels: 3, kernel: 1}", "cyc.yaml"),
      HasSubstr("cyc.yaml: workload 'cyc': layers form a cycle"));
  EXPECT_WORKLOAD_ERROR(
      parse_workload_yaml("layers:\n  - {name: x, op: input, shape: [3, 8, 8]}\n"
                          "  - {name: c, op: conv2d, in_channels: 4, out_channels: 4, kernel: 1}", "s.yaml"),
      HasSubstr("s.yaml: layer 'c' (conv2d): declares 4 input channels but input 'x' provides 3"));
}

TEST(WorkloadYaml, FilesRoundTripOnDisk) {
  TempDir dir;
  const Workload original = define_googlenet().build();
  const auto path = dir.path() / "nested" / "googlenet.yaml";
  write_workload_file(original, path);
  expect_same_workload(original, read_workload_file(path));
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));
  EXPECT_WORKLOAD_ERROR(read_workload_file(dir.path() / "absent.yaml"),
                        HasSubstr("absent.yaml: cannot read the workload file: no such file"));
}

}  // namespace
}  // namespace archex::workload
