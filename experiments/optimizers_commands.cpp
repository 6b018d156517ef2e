// Subcommands registered by add_optimizers_commands (not implemented yet).

#include "experiments/commands.h"

namespace archex::exp {

void add_optimizers_commands(CLI::App& /*app*/) {}

}  // namespace archex::exp
