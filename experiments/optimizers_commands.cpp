// `archex optimizers [NAME] [--json]`: the optimizers a study can use, with
// every setting, its default and its meaning.

#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "experiments/commands.h"
#include "optimizers/registry.h"

namespace archex::exp {
namespace {

struct OptimizersArgs {
  std::string name;  // empty: all
  bool json = false;
};

std::vector<opt::OptimizerInfo> selected(const std::string& name) {
  std::vector<opt::OptimizerInfo> all = opt::list_optimizers();
  if (name.empty()) return all;
  std::string names;
  for (auto& info : all) {
    if (info.name == name) return {info};
    names += (names.empty() ? "" : ", ") + info.name;
  }
  throw UsageError("optimizers: unknown optimizer '" + name + "' (expected one of: " + names + ")");
}

void print_json(const std::vector<opt::OptimizerInfo>& infos) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& info : infos) {
    nlohmann::json settings = nlohmann::json::array();
    for (const auto& s : info.settings)
      settings.push_back({{"key", s.key}, {"default", s.default_value}, {"meaning", s.meaning}});
    out.push_back({{"name", info.name}, {"summary", info.summary}, {"settings", settings}});
  }
  std::cout << out.dump(2) << "\n";
}

void print_text(const std::vector<opt::OptimizerInfo>& infos) {
  for (std::size_t i = 0; i < infos.size(); ++i) {
    const auto& info = infos[i];
    if (i) std::cout << "\n";
    std::cout << info.name << ": " << info.summary << "\n";
    if (info.settings.empty()) std::cout << "  (no settings)\n";
    std::size_t key_width = 0, default_width = 0;
    for (const auto& s : info.settings) {
      key_width = std::max(key_width, s.key.size());
      default_width = std::max(default_width, s.default_value.size());
    }
    for (const auto& s : info.settings)
      std::cout << "  " << std::left << std::setw(static_cast<int>(key_width)) << s.key << "  "
                << std::setw(static_cast<int>(default_width)) << s.default_value << "  " << s.meaning << "\n";
  }
}

}  // namespace

void add_optimizers_commands(CLI::App& app) {
  auto args = std::make_shared<OptimizersArgs>();
  CLI::App* cmd = app.add_subcommand("optimizers", "List the optimizers, their settings and defaults");
  cmd->add_option("name", args->name, "Show one optimizer only");
  cmd->add_flag("--json", args->json, "Print a JSON array instead of text");
  cmd->callback([args] {
    const auto infos = selected(args->name);
    if (args->json) print_json(infos);
    else print_text(infos);
  });
}

}  // namespace archex::exp
