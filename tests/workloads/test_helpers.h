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

#include <filesystem>
#include <fstream>

#include "workloads/workload.h"

namespace archex::workload::testing {

// Field-by-field equality of two workloads' layers, graph and totals.
inline void expect_same_workload(const Workload& a, const Workload& b) {
  ASSERT_EQ(a.layers().size(), b.layers().size());
  for (std::size_t i = 0; i < a.layers().size(); ++i) {
    const Layer& x = a.layers()[i];
    const Layer& y = b.layers()[i];
    SCOPED_TRACE(x.name);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.kind, y.kind);
    EXPECT_EQ(x.activation, y.activation);
    EXPECT_EQ(x.inputs, y.inputs);
    EXPECT_EQ(x.output, y.output);
    EXPECT_EQ(x.macs, y.macs);
    EXPECT_EQ(x.vector_ops, y.vector_ops);
    EXPECT_EQ(x.params, y.params);
    EXPECT_EQ(x.loops.groups, y.loops.groups);
    EXPECT_EQ(x.loops.out_channels, y.loops.out_channels);
    EXPECT_EQ(x.loops.in_channels, y.loops.in_channels);
    EXPECT_EQ(x.loops.out_h, y.loops.out_h);
    EXPECT_EQ(x.loops.out_w, y.loops.out_w);
    EXPECT_EQ(x.loops.kernel_h, y.loops.kernel_h);
    EXPECT_EQ(x.loops.kernel_w, y.loops.kernel_w);
    EXPECT_EQ(x.loops.stride_h, y.loops.stride_h);
    EXPECT_EQ(x.loops.stride_w, y.loops.stride_w);
    EXPECT_EQ(x.loops.dilation_h, y.loops.dilation_h);
    EXPECT_EQ(x.loops.dilation_w, y.loops.dilation_w);
    EXPECT_EQ(x.pad_top, y.pad_top);
    EXPECT_EQ(x.pad_bottom, y.pad_bottom);
    EXPECT_EQ(x.pad_left, y.pad_left);
    EXPECT_EQ(x.pad_right, y.pad_right);
  }
  EXPECT_EQ(a.predecessors(), b.predecessors());
  EXPECT_EQ(a.name(), b.name());
  EXPECT_EQ(a.total_macs(), b.total_macs());
  EXPECT_EQ(a.total_params(), b.total_params());
  EXPECT_EQ(a.peak_activation_bytes(), b.peak_activation_bytes());
  EXPECT_EQ(a.bytes_per_element(), b.bytes_per_element());
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
