// Finding workloads: zoo, saved workloads, files, workload sets.

#include "workloads/registry.h"

#include <cstdlib>
#include <optional>

#include <gtest/gtest.h>

#include "tests/workloads/test_helpers.h"
#include "workloads/workload_yaml.h"
#include "workloads/zoo.h"

namespace archex::workload {
namespace {

using testing::TempDir;

// Sets (or unsets) an environment variable for the scope of a test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) ::setenv(name, value->c_str(), 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

constexpr const char* kTinyYaml = R"(name: tiny
layers:
  - {name: x, op: input, shape: [2, 4, 4]}
  - {name: c, op: conv2d, out_channels: 3, kernel: 1}
)";

TEST(SavedWorkloadsDir, EnvironmentPrecedence) {
  ScopedEnv home("HOME", "/home/someone");
  {
    ScopedEnv xdg("XDG_DATA_HOME", std::nullopt);
    ScopedEnv dir("ARCHEX_WORKLOADS_DIR", std::nullopt);
    EXPECT_EQ(saved_workloads_dir(), "/home/someone/.local/share/archex/workloads");
  }
  {
    ScopedEnv xdg("XDG_DATA_HOME", "/data");
    ScopedEnv dir("ARCHEX_WORKLOADS_DIR", std::nullopt);
    EXPECT_EQ(saved_workloads_dir(), "/data/archex/workloads");
  }
  ScopedEnv xdg("XDG_DATA_HOME", "/data");
  ScopedEnv dir("ARCHEX_WORKLOADS_DIR", "/mine");
  EXPECT_EQ(saved_workloads_dir(), "/mine");
}

TEST(LoadWorkload, SavedWorkloadsByName) {
  TempDir dir;
  ScopedEnv env("ARCHEX_WORKLOADS_DIR", dir.path().string());
  EXPECT_TRUE(saved_workload_names().empty());
  dir.write("tiny.yaml", kTinyYaml);
  dir.write("notes.txt", "not a workload");
  EXPECT_EQ(saved_workload_names(), std::vector<std::string>{"tiny"});
  const Workload w = load_workload("tiny");
  EXPECT_EQ(w.name(), "tiny");
  EXPECT_EQ(w.total_macs(), 2 * 3 * 16);
  // A zoo name wins over a saved file of the same name.
  write_workload_file(define_lenet5().build(), dir.path() / "resnet50.yaml");
  EXPECT_EQ(load_workload("resnet50").name(), "resnet50");
  EXPECT_EQ(load_workload("resnet50").total_macs(), define_resnet50().build().total_macs());
}

TEST(LoadWorkload, FilesByPath) {
  TempDir dir;
  const auto yaml = dir.write("net.yml", kTinyYaml);
  EXPECT_EQ(load_workload(yaml.string(), 2).weight_bytes(), 2 * 6);
  const auto other = dir.write("net.txt", kTinyYaml);
  EXPECT_WORKLOAD_ERROR(load_workload(other.string()), HasSubstr("unsupported workload file type"));
  EXPECT_WORKLOAD_ERROR(load_workload((dir.path() / "gone.yaml").string()),
                        HasSubstr("cannot open"), HasSubstr("gone.yaml': no such file"));
}

TEST(LoadWorkload, UnknownNameListsTheZoo) {
  TempDir dir;
  ScopedEnv env("ARCHEX_WORKLOADS_DIR", dir.path().string());
  EXPECT_WORKLOAD_ERROR(load_workload("resnet18"), HasSubstr("unknown workload 'resnet18'"),
                        HasSubstr("lenet5, alexnet, alexnet_original, vgg16"), HasSubstr(dir.path().string()));
}

TEST(LoadWorkloadSet, CommaSeparatedNames) {
  const WorkloadSet set = load_workload_set("mobilenet_v2, resnet50");
  ASSERT_EQ(set.workloads.size(), 2u);
  EXPECT_EQ(set.workloads[0].name(), "mobilenet_v2");
  EXPECT_EQ(set.workloads[1].name(), "resnet50");
  EXPECT_EQ(set.weights, (std::vector<double>{1.0, 1.0}));
  EXPECT_WORKLOAD_ERROR(load_workload_set("lenet5,,alexnet"), HasSubstr("empty entry"));
  EXPECT_WORKLOAD_ERROR(load_workload_set("lenet5,nope"), HasSubstr("unknown workload 'nope'"));
}

TEST(LoadWorkloadSet, SetFileWithWeightsAndRelativePaths) {
  TempDir dir;
  dir.write("models/tiny.yaml", kTinyYaml);
  const auto set_file = dir.write("edge.yaml", R"(name: edge
workloads:
  - mobilenet_v2
  - {workload: models/tiny.yaml, weight: 0.5}
  - {workload: lenet5, weight: 2}
)");
  const WorkloadSet set = load_workload_set(set_file.string(), 2);
  EXPECT_EQ(set.name, "edge");
  ASSERT_EQ(set.workloads.size(), 3u);
  EXPECT_EQ(set.workloads[1].name(), "tiny");
  EXPECT_EQ(set.weights, (std::vector<double>{1.0, 0.5, 2.0}));
  EXPECT_EQ(set.workloads[2].bytes_per_element(), 2);
}

TEST(LoadWorkloadSet, AWorkloadFileIsASetOfOne) {
  TempDir dir;
  const WorkloadSet set = load_workload_set(dir.write("tiny.yaml", kTinyYaml).string());
  ASSERT_EQ(set.workloads.size(), 1u);
  EXPECT_EQ(set.name, "tiny");
  EXPECT_EQ(set.weights, std::vector<double>{1.0});
}

TEST(LoadWorkloadSet, ErrorsNameTheEntry) {
  TempDir dir;
  const auto weights = dir.write("w.yaml", "workloads:\n  - {workload: lenet5, weight: -1}\n");
  EXPECT_WORKLOAD_ERROR(load_workload_set(weights.string()), HasSubstr("w.yaml:2:"),
                        HasSubstr("field 'weight': expected a number > 0"));
  const auto unknown = dir.write("u.yaml", "workloads:\n  - lenet5\n  - ghostnet\n");
  EXPECT_WORKLOAD_ERROR(load_workload_set(unknown.string()), HasSubstr("u.yaml:3:5: workload 'ghostnet'"),
                        HasSubstr("unknown workload 'ghostnet'"));
  const auto empty = dir.write("e.yaml", "workloads: []\n");
  EXPECT_WORKLOAD_ERROR(load_workload_set(empty.string()), HasSubstr("field 'workloads': expected a non-empty list"));
}

}  // namespace
}  // namespace archex::workload
