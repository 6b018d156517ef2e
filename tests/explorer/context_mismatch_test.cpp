// A study continues only in the context it was created in (space, template,
// cost model, workloads); parameter units only label values, so a study
// stored before units were recorded continues unchanged.

#include <gtest/gtest.h>

#include "explorer/study_environment.h"

namespace archex::explore {
namespace {

nlohmann::json context(bool with_units, std::vector<int> values) {
  nlohmann::json p = {{"name", "core_memory"}, {"values", values}};
  if (with_units) p["unit"] = "bytes";
  return {{"space", {{"parameters", {p}}, {"baseline", {values.front()}}}},
          {"cost_model", {{"name", "analytical"}, {"version", "1"}}},
          {"workloads", nlohmann::json::array()}};
}

TEST(ContextMismatch, UnitsAreNotPartOfTheSpace) {
  EXPECT_EQ(context_mismatch(context(false, {4096, 8192}), context(true, {4096, 8192})), "");
  EXPECT_EQ(context_mismatch(context(true, {4096, 8192}), context(true, {4096, 8192})), "");
  EXPECT_EQ(context_mismatch(context(false, {4096, 8192}), context(true, {4096, 16384})),
            "the template's parameters or values changed");
}

}  // namespace
}  // namespace archex::explore
