// Subcommands registered by add_workloads_commands (not implemented yet).

#include "experiments/commands.h"

namespace archex::exp {

void add_workloads_commands(CLI::App& /*app*/) {}

}  // namespace archex::exp
