// Architecture templates: the shipped ones, parameter bindings, rules, and
// bad files (each error names file, line and field).

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "accelerator-template/architecture.h"
#include "accelerator-template/template.h"

namespace archex::arch {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

// A small but complete architecture: 2 x 4 PEs, a buffer, one register file
// per PE, two dataflows, four parameters and a rule.
const std::string kTiny = R"(name: tiny
description: test architecture
architecture:
  clock_mhz: 500
  word_bits: 8
  mac_energy_pj: 0.5
  technology:
    node: test
    mac_area_um2: 100
    sram_um2_per_bit: 0.5
    register_file_um2_per_bit: 2
  fanouts:
    - {name: rows, size: 2, pe: true}
    - {name: cols, size: 4, pe: true}
  storage:
    - name: dram
      dram: true
      holds: [weights, inputs, outputs]
      bandwidth_gbps: 4
      access_energy_pj: 100
    - name: buffer
      capacity_words: 4096
      holds: [weights, inputs, outputs]
      bandwidth_words_per_cycle: 8
      access_energy_relative: 6
      network_energy_relative: 2
    - name: regs
      per: cols
      capacity_words: 64
      holds: [weights, inputs, outputs]
      access_energy_pj: 0.5
      area: register_file
  dataflows:
    - name: ws
      spatial:
        - {fanout: cols, dims: [K]}
        - {fanout: rows, dims: [C]}
      order: [N, G, K, C, P, Q]
    - name: os
      spatial:
        - {fanout: cols, dims: [Q]}
        - {fanout: rows, dims: [P]}
      order: [N, G, K, P, Q, C]
      bypass: [regs]
parameters:
  - {name: rows, binds: fanouts.rows.size, values: [1, 2, 4]}
  - {name: cols, binds: fanouts.cols.size, values: [2, 4, 8]}
  - {name: buffer, unit: words, binds: storage.buffer.capacity_words, values: [1024, 4096]}
  - {name: dataflow, binds: dataflow, choices: [ws, os]}
rules:
  - {product: [rows, cols], max: 16, effect: infeasible, message: at most 16 PEs}
baseline: {rows: 2, cols: 4, buffer: 4096, dataflow: ws}
)";

class ArchitectureFile : public ::testing::Test {
 protected:
  std::filesystem::path file_ = std::filesystem::temp_directory_path() /
                                ("archex_arch_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
                                 "_" + std::to_string(::getpid()) + ".yaml");
  void TearDown() override { std::filesystem::remove(file_); }

  Template load(const std::string& text) const {
    std::ofstream(file_) << text;
    return Template::load(file_);
  }
  // The tiny template with `from` replaced by `to`; the load error.
  std::string error_with(const std::string& from, const std::string& to) const {
    std::string text = kTiny;
    const auto pos = text.find(from);
    EXPECT_NE(pos, std::string::npos) << from;
    if (pos == std::string::npos) return "";
    text.replace(pos, from.size(), to);
    try {
      load(text);
    } catch (const TemplateError& e) {
      return e.what();
    }
    return "(loaded without error)";
  }
};

TEST(ShippedArchitectures, ListedByNameWithTheirKinds) {
  const auto names = Template::shipped_names();
  for (const char* name : {"apollo_edge", "eyeriss_v1", "eyeriss_space"})
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  EXPECT_EQ(Template::load_named("apollo_edge").architecture(), nullptr);
  ASSERT_NE(Template::load_named("eyeriss_v1").architecture(), nullptr);
  const Template space = Template::load_named("eyeriss_space");
  ASSERT_NE(space.architecture(), nullptr);
  EXPECT_EQ(space.architecture()->dataflows.size(), 4u);
  EXPECT_EQ(space.space_size(), 6.0 * 6 * 5 * 3 * 4 * 6 * 5 * 4);
  EXPECT_EQ(space.value_text(space.index_of("dataflow"), space.baseline().values[space.index_of("dataflow")]),
            "row-stationary");
  EXPECT_THAT([] { Template::load_named("eyeriss_v9"); },
              ::testing::ThrowsMessage<TemplateError>(HasSubstr("unknown template 'eyeriss_v9'; shipped templates: ")));
}

TEST_F(ArchitectureFile, ParametersSetTheirFieldsAndTheHashFollowsTheBytes) {
  const Template t = load(kTiny);
  const Architecture& a = *t.architecture();
  EXPECT_EQ(a.pes(), 8);
  EXPECT_EQ(a.levels[a.level_index("regs")].depth, 2);
  EXPECT_DOUBLE_EQ(a.levels[1].access_energy_pj, 3.0);   // 6 x 0.5 pJ
  EXPECT_DOUBLE_EQ(a.levels[1].network_energy_pj, 1.0);  // 2 x 0.5 pJ
  const Config c = t.make_config({{"rows", 4}, {"cols", 2}, {"buffer", 1024}, {"dataflow", 1}});
  const ResolvedArchitecture r = t.resolve(c);
  EXPECT_EQ(r.fanout_size[0], 4);
  EXPECT_EQ(r.fanout_size[1], 2);
  EXPECT_EQ(r.capacity_words[1], 1024);
  EXPECT_EQ(r.dataflow, 1);
  EXPECT_EQ(r.instances(2), 8);
  EXPECT_EQ(t.value_text(3, 1), "os");
  EXPECT_THAT(t.content_hash(), MatchesRegex("[0-9a-f]{16}"));
  EXPECT_NE(load(kTiny + "# edited\n").content_hash(), t.content_hash());
}

TEST_F(ArchitectureFile, RulesMakeConfigsInfeasibleWithTheReason) {
  const Template t = load(kTiny);
  EXPECT_EQ(t.rule_violation(t.baseline()), "");
  const Config big = t.make_config({{"rows", 4}, {"cols", 8}});
  EXPECT_EQ(t.rule_violation(big), "at most 16 PEs (rows x cols = 32, at most 16)");
  const Template strict = load(kTiny.substr(0, kTiny.find("effect: infeasible")) + "effect: invalid" +
                               kTiny.substr(kTiny.find("effect: infeasible") + 18));
  EXPECT_THAT([&] { strict.make_config({{"rows", 4}, {"cols", 8}}); },
              ::testing::ThrowsMessage<TemplateError>(HasSubstr("at most 16 PEs (rows x cols = 32")));
}

TEST_F(ArchitectureFile, UnknownLevelReferencedNamesFileLineAndField) {
  const std::string e = error_with("bypass: [regs]", "bypass: [regz]");
  EXPECT_THAT(e, HasSubstr(file_.string() + ":"));
  EXPECT_THAT(e, HasSubstr("dataflow 'os': field 'bypass': expected names of declared storage levels (unknown level 'regz')"));
  EXPECT_THAT(error_with("binds: storage.buffer.capacity_words", "binds: storage.bufer.capacity_words"),
              HasSubstr("parameter 'buffer': field 'binds': expected a declared storage level (unknown level 'bufer')"));
  EXPECT_THAT(error_with("per: cols", "per: columns"),
              HasSubstr("storage level 'regs': field 'per': expected 'chip' or the name of a fan-out declared above"));
}

TEST_F(ArchitectureFile, SupportsListsKnownOperatorClasses) {
  const std::string line = "  clock_mhz: 500\n";
  EXPECT_THAT(error_with(line, line + "  supports: [mac, softmax]\n"),
              HasSubstr("field 'supports': expected operator classes among mac, matmul, vector, special, copy "
                        "('softmax' is not one)"));
  EXPECT_EQ(error_with(line, line + "  supports: [mac, vector]\n"), "(loaded without error)");
}

TEST_F(ArchitectureFile, ParameterBoundToNoFieldIsRefused) {
  EXPECT_THAT(error_with("{name: rows, binds: fanouts.rows.size, values: [1, 2, 4]}", "{name: rows, values: [1, 2, 4]}"),
              HasSubstr("parameter 'rows': field 'binds': expected the architecture field this parameter sets"));
  EXPECT_THAT(error_with("binds: fanouts.rows.size", "binds: fanouts.rows.width"),
              HasSubstr("parameter 'rows': field 'binds': expected fanouts.<name>.size"));
}

TEST_F(ArchitectureFile, DataflowMappingADimensionTwiceIsRefused) {
  EXPECT_THAT(error_with("dims: [K]}", "dims: [K, K]}"),
              HasSubstr("field 'dims': expected each dimension at most once (K appears twice)"));
  EXPECT_THAT(error_with("order: [N, G, K, C, P, Q]", "order: [N, G, K, C, P, K]"),
              HasSubstr("dataflow 'ws': field 'order': expected each dimension at most once per order (K appears twice)"));
  EXPECT_THAT(error_with("- {fanout: rows, dims: [C]}", "- {fanout: cols, dims: [C]}"),
              HasSubstr("field 'fanout': expected each fan-out mapped once ('cols' twice)"));
  EXPECT_THAT(error_with("dims: [K]}", "dims: [X]}"), HasSubstr("expected loop dimensions among N, G, K, C, P, Q, R, S"));
}

TEST_F(ArchitectureFile, NegativeOrZeroSizesAreRefused) {
  EXPECT_THAT(error_with("capacity_words: 64", "capacity_words: -64"),
              HasSubstr("storage level 'regs': field 'capacity_words': expected an integer >= 1, got '-64'"));
  EXPECT_THAT(error_with("size: 4, pe: true", "size: 0, pe: true"),
              HasSubstr("fan-out 'cols': field 'size': expected an integer >= 1, got '0'"));
  EXPECT_THAT(error_with("bandwidth_gbps: 4", "bandwidth_gbps: -4"),
              HasSubstr("storage level 'dram': field 'bandwidth_gbps': expected a number in"));
  EXPECT_THAT(error_with("values: [1024, 4096]", "values: [1024, -4096]"),
              HasSubstr("parameter 'buffer': field 'values[1]': expected a positive integer"));
}

TEST_F(ArchitectureFile, ErrorsCarryTheLineOfTheField) {
  const std::string e = error_with("capacity_words: 64", "capacity_words: lots");
  // "file:LINE:COL: ..." with the line of `capacity_words: lots` in kTiny.
  const auto line = std::count(kTiny.begin(), kTiny.begin() + static_cast<long>(kTiny.find("capacity_words: 64")), '\n') + 1;
  EXPECT_THAT(e, HasSubstr(file_.string() + ":" + std::to_string(line) + ":"));
  EXPECT_THAT(error_with("holds: [weights, inputs, outputs]\n      access_energy_pj: 0.5",
                         "holds: [weights, psums]\n      access_energy_pj: 0.5"),
              HasSubstr("field 'holds': expected tensors among weights, inputs, outputs (got 'psums')"));
  EXPECT_THAT(error_with("word_bits: 8", "word_bits: 8\n  turbo: true"), HasSubstr("architecture: unknown field 'turbo'"));
}

}  // namespace
}  // namespace archex::arch
