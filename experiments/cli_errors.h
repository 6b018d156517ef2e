#pragma once
// How a command-line mistake is told: one `archex: error:` line naming the
// command, with "did you mean" for a mistyped command or flag, and where to
// read the usage. Exit status 2 (bad input).

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace archex::exp {

// `args` are the words after the program name.
std::string describe_parse_error(const CLI::App& root, const CLI::ParseError& error,
                                 const std::vector<std::string>& args);

}  // namespace archex::exp
