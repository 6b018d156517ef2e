// The shipped template, config validation and template-file errors.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "accelerator-template/area_model.h"
#include "accelerator-template/config_io.h"
#include "accelerator-template/hardware.h"
#include "accelerator-template/tech_constants.h"
#include "accelerator-template/template.h"

namespace archex::arch {
namespace {

using ::testing::HasSubstr;

const std::string kShipped = ARCHEX_SOURCE_DIR "/accelerator-template/templates/apollo_edge.yaml";

// ctest runs each test in its own process, possibly in parallel: one file each.
std::filesystem::path temp_file(const std::string& suffix) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::filesystem::temp_directory_path() /
         ("archex_" + std::string(info->test_suite_name()) + "_" + info->name() + "_" +
          std::to_string(::getpid()) + suffix);
}

TEST(ShippedTemplate, HasTheTenApolloParametersAndPrimeSpaceSize) {
  const Template t = Template::load_default();
  EXPECT_EQ(t.name(), "apollo_edge");
  ASSERT_EQ(t.parameters().size(), 10u);
  for (std::size_t i = 0; i < HardwareResolver::kParameterNames.size(); ++i)
    EXPECT_EQ(t.parameters()[i].name, HardwareResolver::kParameterNames[i]);
  EXPECT_EQ(t.space_size(), 452'760'000.0);
  EXPECT_EQ(t.parameters()[t.index_of("lanes_per_core")].values,
            (std::vector<std::int64_t>{4, 8, 16, 32, 64, 128, 256}));
  EXPECT_EQ(t.parameters()[t.index_of("pe_memory")].values.front(), 1 << 18);
  EXPECT_EQ(t.parameters()[t.index_of("pe_memory")].values.back(), 1 << 24);
  EXPECT_EQ(t.parameters()[t.index_of("io_bandwidth")].unit, "GB/s");
  EXPECT_EQ(t.constants().clock_ghz, 1.0);
}

TEST(ShippedTemplate, BaselineIsAnEdgeTpuClassDesignInApolloBudgets) {
  const Template t = Template::load_default();
  const Hardware hw = HardwareResolver(t).resolve(t.baseline());
  EXPECT_EQ(hw.lanes(), 2048);                        // 4 TOPS at 1 GHz
  EXPECT_EQ(hw.pes() * hw.pe_memory, 8 * 1024 * 1024);  // 8 MiB of PE memory
  const AreaBreakdown a = area_breakdown(t.constants(), hw);
  EXPECT_GT(a.total(), 5.0);
  EXPECT_LT(a.total(), 7.0);
}

TEST(AreaModel, ComponentsFollowTheCitedCoefficients) {
  const Template t = Template::load_default();
  const AreaCoefficients& c = t.constants().area;
  // One lane: 419 um^2 * 0.059 * 2.0 = 49.442 um^2.
  EXPECT_NEAR(c.lane_mm2(), 49.442e-6, 1e-12);
  // 64 KiB = one macro: 524,288 bits * 0.027 / 0.7 um^2 + 0.004 mm^2.
  EXPECT_NEAR(sram_area_mm2(c, 65536), 524288 * 0.027 / 0.7 * 1e-6 + 0.004, 1e-12);
  // 64 KiB + 1 byte needs a second macro's periphery.
  EXPECT_NEAR(sram_area_mm2(c, 65537) - sram_area_mm2(c, 65536), 8 * 0.027 / 0.7 * 1e-6 + 0.004, 1e-12);
  Hardware hw;
  hw.pe_x = 2, hw.pe_y = 3, hw.cores_per_pe = 4, hw.lanes_per_core = 8;
  hw.core_memory = 4096, hw.pe_memory = 262144, hw.instruction_memory = 256;
  hw.parameter_memory = 8192, hw.activation_memory = 2048, hw.io_bandwidth = 10;
  const AreaBreakdown a = area_breakdown(t.constants(), hw);
  EXPECT_NEAR(a.macs, 192 * c.lane_mm2(), 1e-12);
  EXPECT_NEAR(a.core_memory, 24 * sram_area_mm2(c, 4096), 1e-12);
  EXPECT_NEAR(a.pe_memory, 6 * sram_area_mm2(c, 262144), 1e-12);
  EXPECT_NEAR(a.noc, 6 * 0.015 + 24 * 0.002, 1e-12);
  EXPECT_NEAR(a.io, 10 * 0.05, 1e-12);
  EXPECT_NEAR(a.control, 0.4 + 24 * 0.003, 1e-12);
}

TEST(Config, MakeConfigStartsFromTheBaseline) {
  const Template t = Template::load_default();
  const Config c = t.make_config({{"pe_x", 8}, {"io_bandwidth", 30}});
  EXPECT_EQ(t.value(c, "pe_x"), 8);
  EXPECT_EQ(t.value(c, "io_bandwidth"), 30);
  EXPECT_EQ(t.value(c, "pe_y"), t.value(t.baseline(), "pe_y"));
  EXPECT_NO_THROW(t.validate(c));
}

TEST(Config, UnknownParameterListsTheKnownNames) {
  const Template t = Template::load_default();
  try {
    t.make_config({{"pe_z", 4}});
    FAIL() << "expected TemplateError";
  } catch (const TemplateError& e) {
    EXPECT_THAT(e.what(), HasSubstr("unknown parameter 'pe_z'"));
    EXPECT_THAT(e.what(), HasSubstr("pe_x, pe_y, cores_per_pe"));
  }
}

TEST(Config, ValueOutsideTheTemplateListsTheAllowedValues) {
  const Template t = Template::load_default();
  try {
    t.make_config({{"lanes_per_core", 48}});
    FAIL() << "expected TemplateError";
  } catch (const TemplateError& e) {
    EXPECT_THAT(e.what(), HasSubstr("parameter 'lanes_per_core': value 48 is not allowed"));
    EXPECT_THAT(e.what(), HasSubstr("{4, 8, 16, 32, 64, 128, 256}"));
  }
  Config wrong_size;
  wrong_size.values = {1, 2, 3};
  EXPECT_THROW(t.validate(wrong_size), TemplateError);
}

TEST(ConfigIo, AssignmentsAndConfigFiles) {
  EXPECT_EQ(parse_assignment("pe_x=16"), (std::pair<std::string, std::int64_t>{"pe_x", 16}));
  EXPECT_THROW(parse_assignment("pe_x"), TemplateError);
  EXPECT_THROW(parse_assignment("=4"), TemplateError);
  EXPECT_THROW(parse_assignment("pe_x=four"), TemplateError);
  EXPECT_THROW(parse_assignment("pe_x=4.5"), TemplateError);

  const Template t = Template::load_default();
  const auto file = temp_file(".json");
  std::ofstream(file) << R"({"pe_x": 2, "lanes_per_core": 64})";
  const Config c = load_config_file(t, file);
  EXPECT_EQ(t.value(c, "pe_x"), 2);
  EXPECT_EQ(t.value(c, "lanes_per_core"), 64);
  std::ofstream(file) << "pe_x: 3\n";
  try {
    load_config_file(t, file);
    FAIL() << "expected TemplateError";
  } catch (const TemplateError& e) {
    EXPECT_THAT(e.what(), HasSubstr(file.string()));
    EXPECT_THAT(e.what(), HasSubstr("value 3 is not allowed"));
  }
  std::filesystem::remove(file);
}

TEST(ConfigIo, ConfigFilesTakeSizesWithUnitsAsSetDoes) {
  const Template t = Template::load_default();
  const auto file = temp_file(".yaml");
  std::ofstream(file) << "pe_memory: 1MiB\ncore_memory: 32KiB\npe_x: 8\n";
  const Config c = load_config_file(t, file);
  EXPECT_EQ(t.value(c, "pe_memory"), 1 << 20);
  EXPECT_EQ(t.value(c, "core_memory"), 32 << 10);
  EXPECT_EQ(t.value(c, "pe_x"), 8);
  // A unit on a parameter that is not a size, or a list, is refused naming the parameter.
  for (const char* bad : {"pe_x: 8KiB\n", "pe_x: [1, 2]\n", "pe_memory: lots\n"}) {
    std::ofstream(file) << bad;
    try {
      load_config_file(t, file);
      ADD_FAILURE() << "expected TemplateError for " << bad;
    } catch (const TemplateError& e) {
      EXPECT_THAT(e.what(), HasSubstr(file.string()));
      EXPECT_THAT(e.what(), HasSubstr("expected an integer, a size such as 256KiB"));
    }
  }
  std::filesystem::remove(file);
}

TEST(ConfigIo, RandomConfigsAreSeededAndValid) {
  const Template t = Template::load_default();
  std::mt19937_64 a(7), b(7);
  for (int i = 0; i < 100; ++i) {
    const Config c = random_config(t, a);
    EXPECT_EQ(c, random_config(t, b));
    EXPECT_NO_THROW(t.validate(c));
  }
}

// Writes the shipped template with one line replaced (or a whole new text).
class BrokenTemplate : public ::testing::Test {
 protected:
  std::filesystem::path file_ = temp_file(".yaml");
  void TearDown() override { std::filesystem::remove(file_); }

  std::string shipped() const {
    std::ifstream in(kShipped);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  void write(const std::string& text) const { std::ofstream(file_) << text; }
  void replace(const std::string& from, const std::string& to) const {
    std::string text = shipped();
    const auto pos = text.find(from);
    ASSERT_NE(pos, std::string::npos) << from;
    text.replace(pos, from.size(), to);
    write(text);
  }
  std::string load_error() const {
    try {
      Template::load(file_);
    } catch (const TemplateError& e) {
      return e.what();
    }
    return "(loaded without error)";
  }
};

TEST_F(BrokenTemplate, MissingFileAndInvalidYamlNameTheFile) {
  EXPECT_THAT(load_error(), HasSubstr(file_.string() + ": cannot read the template file: no such file"));
  write("parameters: [unclosed\n");
  EXPECT_THAT(load_error(), HasSubstr(file_.string() + ":2:1: invalid YAML"));
}

TEST_F(BrokenTemplate, NonAscendingValuesNameTheParameter) {
  replace("values: [4, 8, 16, 32, 64, 128, 256]", "values: [4, 8, 32, 16]");
  EXPECT_THAT(load_error(), HasSubstr("parameter 'lanes_per_core': field 'values': expected strictly ascending values (16 after 32)"));
}

TEST_F(BrokenTemplate, NonIntegerValueNamesTheField) {
  replace("values: [5, 10, 16, 20, 25, 30]", "values: [5, ten]");
  EXPECT_THAT(load_error(), HasSubstr("parameter 'io_bandwidth': field 'values[1]': expected a positive integer (got 'ten')"));
}

TEST_F(BrokenTemplate, BaselineValueOutsideTheParameterValues) {
  replace("  lanes_per_core: 32\n", "  lanes_per_core: 33\n");
  EXPECT_THAT(load_error(), HasSubstr("baseline: field 'lanes_per_core': expected one of the allowed values {4, 8, 16, 32, 64, 128, 256}, got '33'"));
}

TEST_F(BrokenTemplate, BaselineMissingOrUnknownParameter) {
  replace("  io_bandwidth: 20\n", "");
  EXPECT_THAT(load_error(), HasSubstr("baseline: field 'io_bandwidth': expected a value (the field is required)"));
  replace("  io_bandwidth: 20\n", "  io_bandwidth: 20\n  turbo: 1\n");
  EXPECT_THAT(load_error(), HasSubstr("baseline: field 'turbo': expected a template parameter (unknown parameter; known: pe_x"));
}

TEST_F(BrokenTemplate, BadConstantNamesTheField) {
  replace("sram_array_efficiency: 0.7", "sram_array_efficiency: 1.5");
  EXPECT_THAT(load_error(), HasSubstr("constants.area: field 'sram_array_efficiency': expected a number > 0 and <= 1, got '1.5'"));
  replace("clock_ghz: 1.0", "clock_ghz: fast");
  EXPECT_THAT(load_error(), HasSubstr("constants: field 'clock_ghz': expected a number, got 'fast'"));
  replace("    mac_energy_45nm_pj: 0.3\n", "");
  EXPECT_THAT(load_error(), HasSubstr("constants.energy: field 'mac_energy_45nm_pj': expected a number (the field is required)"));
}

TEST_F(BrokenTemplate, DuplicateParameter) {
  replace("  - name: pe_y\n", "  - name: pe_x\n");
  EXPECT_THAT(load_error(), HasSubstr("duplicate parameter 'pe_x'"));
}

TEST_F(BrokenTemplate, EnvironmentVariableSelectsTheDefaultTemplate) {
  replace("name: apollo_edge", "name: my_edge");
  ::setenv("ARCHEX_TEMPLATE", file_.c_str(), 1);
  const Template t = Template::load_default();
  ::unsetenv("ARCHEX_TEMPLATE");
  EXPECT_EQ(t.name(), "my_edge");
  EXPECT_EQ(load_template("").name(), "apollo_edge");
  EXPECT_EQ(load_template(file_.string()).name(), "my_edge");
}

}  // namespace
}  // namespace archex::arch
