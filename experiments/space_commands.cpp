// Subcommands registered by add_space_commands (not implemented yet).

#include "experiments/commands.h"

namespace archex::exp {

void add_space_commands(CLI::App& /*app*/) {}

}  // namespace archex::exp
