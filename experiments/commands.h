#pragma once
// Each group of `archex` subcommands registers itself on the root app. A
// command's callback throws on bad input; main() turns any exception into one
// line on stderr and exit status 2.

#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

namespace archex::explore {
class SqliteTrialStore;
}

namespace archex::exp {

// Bad command-line input detected after parsing (a conflicting flag pair...).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A command stopped by Ctrl-C / SIGTERM after keeping its work: main() prints
// the message (how to continue) and exits 130, the shell's code for SIGINT.
class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Opens an existing trial database (never creates one).
explore::SqliteTrialStore open_existing_store(const std::string& db, bool read_only);

// One line on stderr when opening `store` for writing upgraded its schema.
void announce_schema_upgrade(const explore::SqliteTrialStore& store);

void add_workloads_commands(CLI::App& app);   // workloads list|show|import
void add_space_commands(CLI::App& app);       // space show
void add_template_commands(CLI::App& app);    // templates list|show
void add_evaluate_commands(CLI::App& app);    // evaluate, calibrate
void add_bench_commands(CLI::App& app);       // bench cost-model
void add_optimizers_commands(CLI::App& app);  // optimizers
void add_study_commands(CLI::App& app);       // run, resume, list, show, export, delete
void add_experiment_commands(CLI::App& app);  // experiment run, compare
void add_sweep_commands(CLI::App& app);       // sweep

// Every command above, in the order `archex --help` lists them (also what
// completion scripts and the man page are generated from).
void add_all_commands(CLI::App& app);

}  // namespace archex::exp
