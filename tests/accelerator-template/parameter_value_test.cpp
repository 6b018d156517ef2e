// Parameter values as people write them: labels, byte sizes in KiB / MiB / GiB.

#include <gtest/gtest.h>

#include <limits>

#include "accelerator-template/parameter_value.h"

namespace archex::arch {
namespace {

TemplateParameter bytes_parameter() { return {"core_memory", "bytes", "", {4096, 131072, 1048576, 1536}, {}}; }

TEST(ParameterValue, ReadsBinarySizesForByteParametersOnly) {
  const TemplateParameter bytes = bytes_parameter();
  EXPECT_EQ(parse_parameter_value(bytes, "128KiB"), 131072);
  EXPECT_EQ(parse_parameter_value(bytes, "128 KiB"), 131072);
  EXPECT_EQ(parse_parameter_value(bytes, "1MiB"), 1048576);
  EXPECT_EQ(parse_parameter_value(bytes, "2GiB"), 2147483648LL);
  EXPECT_EQ(parse_parameter_value(bytes, "4096"), 4096);
  EXPECT_FALSE(parse_parameter_value(bytes, "1.5KiB"));
  EXPECT_FALSE(parse_parameter_value(bytes, "KiB"));
  EXPECT_FALSE(parse_parameter_value(bytes, "-1KiB"));
  EXPECT_FALSE(parse_parameter_value(bytes, "9223372036854775807GiB"));  // would overflow
  const TemplateParameter count{"pe_x", "", "", {1, 2, 4}, {}};
  EXPECT_FALSE(parse_parameter_value(count, "2KiB"));
  EXPECT_EQ(parse_parameter_value(count, "2"), 2);
  EXPECT_FALSE(parse_parameter_value(count, ""));
  EXPECT_FALSE(parse_parameter_value(count, "2x"));
}

TEST(ParameterValue, ChoicesByNameAndSizesPrintedInTheirLargestWholeUnit) {
  const TemplateParameter choice{"dataflow", "", "", {0, 1}, {"row-stationary", "weight-stationary"}};
  EXPECT_EQ(parse_parameter_value(choice, "weight-stationary"), 1);
  EXPECT_EQ(format_parameter_value(choice, 0), "row-stationary");
  const TemplateParameter bytes = bytes_parameter();
  EXPECT_EQ(format_parameter_value(bytes, 131072), "128KiB");
  EXPECT_EQ(format_parameter_value(bytes, 1048576), "1MiB");
  EXPECT_EQ(format_parameter_value(bytes, 1536), "1536");  // not a whole KiB... it is 1.5 KiB
  EXPECT_EQ(format_parameter_value(bytes, 1000), "1000");
  for (std::int64_t v : {4096LL, 131072LL, 1048576LL, 3LL << 30})
    EXPECT_EQ(parse_parameter_value(bytes, format_parameter_value(bytes, v)), v) << v;
}

}  // namespace
}  // namespace archex::arch
