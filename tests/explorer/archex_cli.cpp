#include "tests/explorer/archex_cli.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include "tests/explorer/fake_study.h"

namespace archex::explore::testing {

pid_t start_archex(const std::vector<std::string>& args, const std::filesystem::path& dir) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid != 0) return pid;
  if (chdir(dir.c_str()) != 0) _exit(126);
  const int out = open("child.out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err = open("child.err", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(out, STDOUT_FILENO);
  dup2(err, STDERR_FILENO);
  std::vector<char*> argv;
  std::string binary = ARCHEX_BINARY;
  argv.push_back(binary.data());
  std::vector<std::string> copies = args;
  for (auto& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(binary.c_str(), argv.data());
  _exit(127);
}

CommandResult wait_archex(pid_t pid, const std::filesystem::path& dir) {
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_bytes(dir / "child.out");
  result.err = read_bytes(dir / "child.err");
  std::filesystem::remove(dir / "child.out");
  std::filesystem::remove(dir / "child.err");
  return result;
}

CommandResult run_archex(const std::vector<std::string>& args, const std::filesystem::path& dir) {
  return wait_archex(start_archex(args, dir), dir);
}

}  // namespace archex::explore::testing
