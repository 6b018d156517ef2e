// The template <-> search-space adapter.

#include <gtest/gtest.h>

#include "explorer/errors.h"
#include "explorer/template_space.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

TEST(TemplateSpace, EachParameterBecomesAnOrdinalDimension) {
  TemplateSpace adapter(testing::fake_parameters(), testing::fake_baseline());
  const auto& space = adapter.space();
  ASSERT_EQ(space.dimensions(), 4u);
  EXPECT_EQ(space.parameters()[2].name, "mem_kb");
  EXPECT_EQ(space.parameters()[2].values, (std::vector<double>{16, 32, 64, 128, 256}));
  EXPECT_TRUE(space.parameters()[2].ordinal);
  EXPECT_DOUBLE_EQ(space.size(), 500.0);
  EXPECT_EQ(adapter.baseline_point(), (opt::Point{1, 1, 2, 1}));
}

TEST(TemplateSpace, PointsAndConfigsMapOneToOne) {
  TemplateSpace adapter(testing::fake_parameters(), testing::fake_baseline());
  const opt::Point point{4, 0, 3, 2};
  const arch::Config config = adapter.to_config(point);
  EXPECT_EQ(config.values, (std::vector<std::int64_t>{16, 4, 128, 20}));
  EXPECT_EQ(adapter.to_point(config), point);
  EXPECT_EQ(adapter.params_json(point), R"({"pe":16,"lanes":4,"mem_kb":128,"bw":20})");
  EXPECT_EQ(adapter.point_from_params(nlohmann::json::parse(adapter.params_json(point))), point);
}

TEST(TemplateSpace, ValuesOutsideTheTemplateAreNamed) {
  TemplateSpace adapter(testing::fake_parameters(), testing::fake_baseline());
  try {
    adapter.to_point(arch::Config{{2, 8, 48, 10}});
    FAIL();
  } catch (const ExploreError& e) {
    EXPECT_STREQ(e.what(), "parameter 'mem_kb': value 48 is not in the template (allowed: 16, 32, 64, 128, 256)");
  }
  EXPECT_THROW(adapter.to_config({0, 0, 5, 0}), ExploreError);
  EXPECT_THROW(adapter.to_config({0, 0, 0}), ExploreError);
  EXPECT_THROW(adapter.point_from_params(nlohmann::json::parse(R"({"pe":2,"lanes":8,"mem_kb":64})")), ExploreError);
  EXPECT_THROW(TemplateSpace(testing::fake_parameters(), arch::Config{{3, 8, 64, 10}}), ExploreError);
  auto twice = testing::fake_parameters();
  twice[1].name = "pe";
  EXPECT_THROW(TemplateSpace(twice, testing::fake_baseline()), ExploreError);
}

}  // namespace
}  // namespace archex::explore
