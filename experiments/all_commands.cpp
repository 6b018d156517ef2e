#include "experiments/cli_docs.h"
#include "experiments/commands.h"

namespace archex::exp {

void add_all_commands(CLI::App& app) {
  add_workloads_commands(app);
  add_space_commands(app);
  add_template_commands(app);
  add_sweep_commands(app);
  add_evaluate_commands(app);
  add_bench_commands(app);
  add_optimizers_commands(app);
  add_study_commands(app);
  add_experiment_commands(app);
  add_cli_docs_commands(app);  // last: it documents the commands above
}

}  // namespace archex::exp
