#pragma once
// Walking the command tree. CLI11's get_subcommands() without a filter
// returns only the subcommands the user typed; the listings (help, man page,
// completion, "did you mean", option checks) need all of them.

#include <vector>

#include <CLI/CLI.hpp>

namespace archex::exp {

inline std::vector<const CLI::App*> every_subcommand(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App*) { return true; });
}

inline std::vector<CLI::App*> every_subcommand(CLI::App& app) {
  return app.get_subcommands([](CLI::App*) { return true; });
}

}  // namespace archex::exp
