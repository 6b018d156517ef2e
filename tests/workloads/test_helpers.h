#pragma once
// Small helpers shared by the workloads tests.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

// Runs `statement`, expects a WorkloadError whose message contains every `parts`.
#define EXPECT_WORKLOAD_ERROR(statement, ...)                                               \
  EXPECT_THAT([&] { statement; },                                                           \
              ::testing::ThrowsMessage<::archex::workload::WorkloadError>(                  \
                  ::testing::AllOf(__VA_ARGS__)))

using ::testing::HasSubstr;
