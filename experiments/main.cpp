// The archex command-line tool.

#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "experiments/cli_errors.h"
#include "experiments/commands.h"
#include "experiments/version.h"
#include "explorer/errors.h"

int main(int argc, char** argv) {
  CLI::App app{"archex: design-space explorer for deep-learning accelerators", "archex"};
  app.require_subcommand(1);
  app.set_version_flag("--version", archex::exp::version_line());
  archex::exp::add_all_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    std::cerr << "archex: error: " << archex::exp::describe_parse_error(app, e, args) << "\n";
    return 2;
  } catch (const archex::exp::Interrupted& e) {
    std::cerr << "archex: " << e.what() << "\n";
    return 130;
  } catch (const archex::explore::StudyNotFound& e) {
    std::cerr << "archex: error: " << e.what() << " (pass --db FILE to read another database)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "archex: error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
