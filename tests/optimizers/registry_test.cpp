#include <gtest/gtest.h>

#include <set>

#include "optimizers/registry.h"
#include "tests/optimizers/synthetic_problems.h"

namespace archex::opt {
namespace {

std::string error_of(const std::string& name, const SearchSpace& space, const Settings& settings) {
  try {
    make_optimizer(name, space, settings);
  } catch (const OptimizerError& e) {
    return e.what();
  }
  return "";
}

TEST(Registry, ListsEveryOptimizerWithDocumentedSettings) {
  std::set<std::string> names;
  for (const auto& info : list_optimizers()) {
    names.insert(info.name);
    EXPECT_FALSE(info.summary.empty()) << info.name;
    for (const auto& s : info.settings) {
      EXPECT_FALSE(s.key.empty()) << info.name;
      EXPECT_FALSE(s.meaning.empty()) << info.name << "." << s.key;
    }
  }
  for (const char* expected : {"random", "evolution", "gp-bandit", "mbo", "p3bo"})
    EXPECT_TRUE(names.count(expected)) << expected;
}

TEST(Registry, DocumentedDefaultsAreAccepted) {
  const auto problem = testing::separable_problem();
  for (const auto& info : list_optimizers()) {
    Settings settings;
    for (const auto& s : info.settings)
      if (s.key.front() != '<') settings[s.key] = s.default_value;  // skip patterns like <member>.<key>
    EXPECT_NO_THROW(make_optimizer(info.name, problem.space, settings)) << info.name;
  }
}

TEST(Registry, EveryOptimizerRejectsUnknownKeysByName) {
  const auto problem = testing::separable_problem();
  for (const auto& info : list_optimizers()) {
    const std::string e = error_of(info.name, problem.space, {{"no_such_key", "1"}});
    EXPECT_NE(e.find("optimizer '" + info.name + "'"), std::string::npos) << e;
    EXPECT_NE(e.find("unknown setting 'no_such_key'"), std::string::npos) << e;
  }
}

TEST(Registry, UnknownOptimizerNamesTheAlternatives) {
  const std::string e = error_of("simulated-annealing", testing::separable_problem().space, {});
  EXPECT_NE(e.find("unknown optimizer 'simulated-annealing'"), std::string::npos) << e;
  EXPECT_NE(e.find("evolution"), std::string::npos) << e;
}

TEST(Registry, RejectsEmptySpaces) {
  EXPECT_NE(error_of("random", SearchSpace{}, {}).find("no parameters"), std::string::npos);
  const SearchSpace empty_param({{"x", {}, true}});
  EXPECT_NE(error_of("evolution", empty_param, {}).find("parameter 'x' has no values"), std::string::npos);
}

TEST(Registry, SettingErrorsNameKeyValueAndExpectation) {
  const auto space = testing::separable_problem().space;
  EXPECT_EQ(error_of("evolution", space, {{"population", "many"}}),
            "optimizer 'evolution': setting 'population' = 'many': expected an integer");
  EXPECT_EQ(error_of("evolution", space, {{"population", "1"}}),
            "optimizer 'evolution': setting 'population' = '1': expected an integer >= 2");
  EXPECT_EQ(error_of("evolution", space, {{"mutation_rate", "1.5"}}),
            "optimizer 'evolution': setting 'mutation_rate' = '1.5': expected a probability in [0, 1]");
  EXPECT_EQ(error_of("evolution", space, {{"population", "10"}, {"tournament", "11"}}),
            "optimizer 'evolution': setting 'tournament' = '11': expected an integer in [1, population = 10]");
}

}  // namespace
}  // namespace archex::opt
