// Subcommands registered by add_experiment_commands (not implemented yet).

#include "experiments/commands.h"

namespace archex::exp {

void add_experiment_commands(CLI::App& /*app*/) {}

}  // namespace archex::exp
