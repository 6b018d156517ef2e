#pragma once
// Small helpers shared by the workloads tests.

#include <unistd.h>

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

// Runs `statement`, expects a WorkloadError whose message contains every `parts`.
#define EXPECT_WORKLOAD_ERROR(statement, ...)                                               \
  EXPECT_THAT([&] { statement; },                                                           \
              ::testing::ThrowsMessage<::archex::workload::WorkloadError>(                  \
                  ::testing::AllOf(__VA_ARGS__)))

using ::testing::HasSubstr;

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

#include "workloads/workload.h"

namespace archex::workload::testing {

// Same network up to layer names: kinds, activations, shapes, loop nests,
// padding, counts, graph and peak memory.
inline void expect_same_network(const Workload& a, const Workload& b) {
  ASSERT_EQ(a.layers().size(), b.layers().size());
  for (std::size_t i = 0; i < a.layers().size(); ++i) {
    const Layer& x = a.layers()[i];
    const Layer& y = b.layers()[i];
    SCOPED_TRACE(x.name + " vs " + y.name);
    EXPECT_EQ(x.kind, y.kind);
    EXPECT_EQ(x.activation, y.activation);
    EXPECT_EQ(x.inputs, y.inputs);
    EXPECT_EQ(x.output, y.output);
    EXPECT_EQ(x.macs, y.macs);
    EXPECT_EQ(x.vector_ops, y.vector_ops);
    EXPECT_EQ(x.params, y.params);
    const LoopNest &m = x.loops, &n = y.loops;
    EXPECT_EQ(std::vector({m.groups, m.out_channels, m.in_channels, m.out_h, m.out_w, m.kernel_h,
                           m.kernel_w, m.stride_h, m.stride_w, m.dilation_h, m.dilation_w}),
              std::vector({n.groups, n.out_channels, n.in_channels, n.out_h, n.out_w, n.kernel_h,
                           n.kernel_w, n.stride_h, n.stride_w, n.dilation_h, n.dilation_w}));
    EXPECT_EQ(std::vector({x.pad_top, x.pad_bottom, x.pad_left, x.pad_right}),
              std::vector({y.pad_top, y.pad_bottom, y.pad_left, y.pad_right}));
  }
  EXPECT_EQ(a.predecessors(), b.predecessors());
  EXPECT_EQ(a.total_macs(), b.total_macs());
  EXPECT_EQ(a.total_params(), b.total_params());
  EXPECT_EQ(a.peak_activation_bytes(), b.peak_activation_bytes());
  EXPECT_EQ(a.bytes_per_element(), b.bytes_per_element());
}

// The same, and the same names.
inline void expect_same_workload(const Workload& a, const Workload& b) {
  expect_same_network(a, b);
  EXPECT_EQ(a.name(), b.name());
  for (std::size_t i = 0; i < std::min(a.layers().size(), b.layers().size()); ++i)
    EXPECT_EQ(a.layers()[i].name, b.layers()[i].name);
}

// A fresh directory under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("archex-wl-" + std::string(info->test_suite_name()) + "-" + info->name() + "-" +
             std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace archex::workload::testing
