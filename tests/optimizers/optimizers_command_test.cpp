// `archex optimizers`, run as a user would: the built binary.

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "optimizers/registry.h"

namespace archex::opt {
namespace {

struct CommandResult {
  int status;
  std::string output;  // stdout and stderr
};

CommandResult run(const std::string& args) {
  const std::string command = std::string(ARCHEX_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return {-1, ""};
  std::string out;
  std::array<char, 4096> buf;
  while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(OptimizersCommand, JsonListsEveryRegisteredOptimizerAndSetting) {
  const CommandResult r = run("optimizers --json");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto json = nlohmann::json::parse(r.output);
  const auto infos = list_optimizers();
  ASSERT_EQ(json.size(), infos.size());
  for (std::size_t i = 0; i < infos.size(); ++i) {
    EXPECT_EQ(json[i]["name"], infos[i].name);
    ASSERT_EQ(json[i]["settings"].size(), infos[i].settings.size());
    for (std::size_t k = 0; k < infos[i].settings.size(); ++k) {
      EXPECT_EQ(json[i]["settings"][k]["key"], infos[i].settings[k].key);
      EXPECT_EQ(json[i]["settings"][k]["default"], infos[i].settings[k].default_value);
    }
  }
}

TEST(OptimizersCommand, TextShowsOneOptimizerWithDefaults) {
  const CommandResult r = run("optimizers evolution");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output.rfind("evolution: ", 0), 0u) << r.output;
  EXPECT_NE(r.output.find("population      100"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("gp-bandit"), std::string::npos);
}

TEST(OptimizersCommand, UnknownNameIsAUsageErrorNamingTheAlternatives) {
  const CommandResult r = run("optimizers annealing");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.output,
            "archex: error: optimizers: unknown optimizer 'annealing' (expected one of: random, evolution, gp-bandit, "
            "mbo, p3bo)\n");
}

}  // namespace
}  // namespace archex::opt
