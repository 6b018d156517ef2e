#include "experiments/cli_checks.h"

#include <string>

#include "experiments/cli_tree.h"

namespace archex::exp {

void refuse_empty_values(CLI::App& app) {
  static const CLI::Validator non_empty(
      [](std::string& value) { return value.empty() ? std::string("must not be empty") : std::string(); },
      "", "non-empty");
  for (CLI::Option* option : app.get_options())
    if (option->get_type_size() != 0) option->check(non_empty);  // flags take no value
  for (CLI::App* sub : every_subcommand(app)) refuse_empty_values(*sub);
}

}  // namespace archex::exp
