#pragma once
// Checks every `archex` option shares, attached once to the whole command tree.

#include <CLI/CLI.hpp>

namespace archex::exp {

// An option given an empty value (--workload '', --study "", an empty
// positional) is an error, never "the default": every option under `app`
// that takes a value refuses "".
void refuse_empty_values(CLI::App& app);

}  // namespace archex::exp
