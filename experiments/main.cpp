// The archex command-line tool.

#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "experiments/cli_checks.h"
#include "experiments/cli_errors.h"
#include "experiments/commands.h"
#include "experiments/standard_output.h"
#include "experiments/terminal_text.h"
#include "experiments/version.h"
#include "explorer/errors.h"

int main(int argc, char** argv) {
  CLI::App app{"archex: design-space explorer for deep-learning accelerators", "archex"};
  app.require_subcommand(1);
  app.set_version_flag("--version", archex::exp::version_line());
  archex::exp::add_all_commands(app);
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
    const std::vector<std::string> args(argv + 1, argv + argc);
    std::cerr << "archex: error: "
              << archex::exp::printable_text(archex::exp::describe_parse_error(app, e, args)) << "\n";
    return 2;
  } catch (const archex::exp::Interrupted& e) {
    std::cout.flush();
    std::cerr << "archex: " << archex::exp::printable_text(e.what()) << "\n";
    return 130;
  } catch (const archex::explore::StudyNotFound& e) {
    std::cout.flush();
    std::cerr << "archex: error: " << archex::exp::printable_text(e.what())
              << " (pass --db FILE to read another database)\n";
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
