#pragma once
// Runs the built `archex` binary (ARCHEX_BINARY) as a child process.

#include <signal.h>
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace archex::explore::testing {

struct CommandResult {
  int exit_code = -1;  // -1: killed by a signal
  std::string out, err;
};

// `archex args...` in `dir`, waiting for it to end.
CommandResult run_archex(const std::vector<std::string>& args, const std::filesystem::path& dir);

// Starts `archex args...` in `dir` without waiting; its output goes to
// dir/child.out and dir/child.err.
pid_t start_archex(const std::vector<std::string>& args, const std::filesystem::path& dir);
// Waits for a started child and collects its output.
CommandResult wait_archex(pid_t pid, const std::filesystem::path& dir);

}  // namespace archex::explore::testing
