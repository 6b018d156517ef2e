// The archex command-line tool.

#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "experiments/cli_checks.h"
#include "experiments/commands.h"
#include "experiments/standard_output.h"
#include "experiments/terminal_text.h"

int main(int argc, char** argv) {
  CLI::App app{"archex: design-space explorer for deep-learning accelerators"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "archex 0.1.0");
  archex::exp::add_workloads_commands(app);
  archex::exp::add_space_commands(app);
  archex::exp::add_template_commands(app);
  archex::exp::add_sweep_commands(app);
  archex::exp::add_evaluate_commands(app);
  archex::exp::add_bench_commands(app);
  archex::exp::add_optimizers_commands(app);
  archex::exp::add_study_commands(app);
  archex::exp::add_experiment_commands(app);
  archex::exp::refuse_empty_values(app);
  int status = 0;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    status = app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    status = app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    status = app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the usage message
    return 2;
  } catch (const std::exception& e) {
    std::cout.flush();  // what the command printed before it failed comes first
    std::cerr << "archex: error: " << archex::exp::printable_text(e.what()) << "\n";
    return 2;
  }
  if (const auto error = archex::exp::standard_output_error()) {
    std::cerr << "archex: error: " << *error << "\n";
    return 2;
  }
  return status;
}
