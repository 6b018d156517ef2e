// Subcommands registered by add_bench_commands (not implemented yet).

#include "experiments/commands.h"

namespace archex::exp {

void add_bench_commands(CLI::App& /*app*/) {}

}  // namespace archex::exp
