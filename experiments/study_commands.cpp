// Subcommands registered by add_study_commands (not implemented yet).

#include "experiments/commands.h"

namespace archex::exp {

void add_study_commands(CLI::App& /*app*/) {}

}  // namespace archex::exp
