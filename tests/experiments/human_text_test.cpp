// Table text for people: counts, byte sizes, names that fit their column.

#include <gtest/gtest.h>

#include "experiments/human_text.h"

namespace archex::exp {
namespace {

TEST(HumanText, CountsAndBytes) {
  EXPECT_EQ(human_count(999), "999");
  EXPECT_EQ(human_count(300774272), "300.77 M");
  EXPECT_EQ(human_count(17563828224), "17.56 G");
  EXPECT_EQ(human_bytes(512), "512 B");
  EXPECT_EQ(human_bytes(262144), "256 KiB");
  EXPECT_EQ(human_bytes(1536), "1.50 KiB");
  EXPECT_EQ(human_bytes(3 * 1048576), "3 MiB");
}

TEST(HumanText, LongNamesKeepTheirEndAndFitTheColumn) {
  const std::string name = "/encoder/layer.11/attention/self/MatMul_1";
  EXPECT_EQ(fit_text("conv1", 28), "conv1");
  const std::string fitted = fit_text(name, 28);
  EXPECT_EQ(fitted.size(), 28u);
  EXPECT_TRUE(fitted.ends_with("self/MatMul_1")) << fitted;
  EXPECT_TRUE(fitted.starts_with("/enc")) << fitted;
  EXPECT_NE(fitted.find(".."), std::string::npos);
  EXPECT_EQ(fit_text(name, 3), "/en");
}

}  // namespace
}  // namespace archex::exp
