// Subcommands registered by add_evaluate_commands (not implemented yet).

#include "experiments/commands.h"

namespace archex::exp {

void add_evaluate_commands(CLI::App& /*app*/) {}

}  // namespace archex::exp
