// The archex command-line tool.

#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "experiments/commands.h"

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
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the usage message
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "archex: error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
