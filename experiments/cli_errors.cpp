#include "experiments/cli_errors.h"

#include <cctype>

#include "experiments/cli_tree.h"
#include "explorer/closest_name.h"

namespace archex::exp {
namespace {

const CLI::App* find_subcommand(const CLI::App& app, const std::string& name) {
  for (const CLI::App* sub : every_subcommand(app))
    if (sub->get_name() == name) return sub;
  return nullptr;
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : every_subcommand(app))
    names.push_back(sub->get_name());
  return names;
}

std::vector<std::string> flag_names(const CLI::App& app) {
  std::vector<std::string> names{"--help"};
  for (const CLI::Option* opt : app.get_options()) {
    for (const std::string& l : opt->get_lnames()) names.push_back("--" + l);
    for (const std::string& s : opt->get_snames()) names.push_back("-" + s);
  }
  return names;
}

bool has_positionals(const CLI::App& app) {
  for (const CLI::Option* opt : app.get_options())
    if (opt->get_positional()) return true;
  return false;
}

std::string command_path(const std::vector<const CLI::App*>& chain) {
  std::string path = "archex";
  for (std::size_t i = 1; i < chain.size(); ++i) path += " " + chain[i]->get_name();
  return path;
}

std::string suggestion(const std::string& typed, const std::vector<std::string>& names) {
  const auto close = explore::closest_name(typed, names);
  return close ? "; did you mean '" + *close + "'?" : "";
}

}  // namespace

std::string describe_parse_error(const CLI::App& root, const CLI::ParseError& error,
                                 const std::vector<std::string>& args) {
  // Follow the words that name subcommands; the first unknown word or flag
  // found on the way is the mistake the user most likely made.
  std::vector<const CLI::App*> chain{&root};
  for (const std::string& arg : args) {
    const CLI::App& cur = *chain.back();
    const std::string path = command_path(chain);
    const std::string usage = " (see `" + path + " --help`)";
    if (arg == "--") break;
    if (arg.size() > 1 && arg[0] == '-' && !(arg.size() > 1 && std::isdigit(static_cast<unsigned char>(arg[1])))) {
      const std::string name = arg.substr(0, arg.find('='));
      if (name != "--help" && name != "-h" && !(chain.size() == 1 && name == "--version") &&
          cur.get_option_no_throw(name) == nullptr)
        return "unknown flag '" + name + "' for `" + path + "`" + suggestion(name, flag_names(cur)) + usage;
      continue;
    }
    if (const CLI::App* sub = find_subcommand(cur, arg)) {
      chain.push_back(sub);
      continue;
    }
    if (!subcommand_names(cur).empty() && !has_positionals(cur))
      return "unknown command '" + arg + "' for `" + path + "`" + suggestion(arg, subcommand_names(cur)) + usage;
  }
  const CLI::App& cur = *chain.back();
  std::string what = error.what();
  if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr && !subcommand_names(cur).empty() &&
      what.find("subcommand") != std::string::npos) {
    std::string names;
    for (const std::string& n : subcommand_names(cur)) {
      if (!names.empty()) names += ", ";
      names += n;
    }
    what = "`" + command_path(chain) + "` needs a command: " + names;
  }
  return what + " (see `" + command_path(chain) + " --help`)";
}

}  // namespace archex::exp
