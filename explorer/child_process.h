#pragma once
// A child process that speaks lines on its stdin / stdout (an external
// evaluator). Started with fork + execvp on an argument vector: no shell, so a
// command line is never expanded or interpreted (split_command() splits it).
// Its stderr is read too: the last lines explain a crash. The child runs in its
// own process group (a Ctrl-C at the terminal reaches archex only, which then
// stops it). If archex dies, the child sees end-of-file on its stdin and is
// expected to exit (the protocol says so; not PR_SET_PDEATHSIG, which fires
// when the *thread* that started the child ends).

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace archex::explore {

// Splits a command line into words like a POSIX shell does for quoting only:
// blanks separate words, '...' keeps everything, "..." keeps all but \" and
// \\, a backslash outside quotes escapes the next character. No variables,
// globs, pipes or redirections: those characters are ordinary. Throws
// ExploreError for an unterminated quote or an empty command.
std::vector<std::string> split_command(std::string_view command);

// Whether execvp could run `program`: a path (with '/') to an executable
// file, or a name found executable on $PATH.
bool program_exists(const std::string& program);

class ChildProcess {
 public:
  // Throws ExploreError naming the program when it cannot be started (not
  // found, not executable).
  explicit ChildProcess(const std::vector<std::string>& argv);
  // Kills (SIGKILL) and reaps the child if it still runs.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Writes `line` and a newline. False when the child no longer reads (its
  // stdin is closed: it exited).
  bool write_line(std::string_view line);

  enum class Read { kLine, kTimeout, kClosed };
  // The next line of stdout (without the newline). kClosed: the child closed
  // stdout (it exited); kTimeout: nothing complete arrived in time.
  Read read_line(std::string& line, std::chrono::milliseconds timeout);

  // "exited with status 3" / "killed by signal 9 (Killed)", waiting up to
  // `wait` for the child to end; "still running" if it did not.
  std::string exit_description(std::chrono::milliseconds wait = std::chrono::milliseconds(500));
  // The last line the child wrote on stderr ("" if none), at most 300 characters.
  std::string last_stderr_line() const;
  void kill();
  pid_t pid() const { return pid_; }

 private:
  void drain_stderr();
  bool reap(bool block);

  pid_t pid_ = -1;
  int stdin_ = -1, stdout_ = -1, stderr_ = -1;
  std::string out_buffer_, err_tail_;
  int status_ = 0;
  bool reaped_ = false;
};

}  // namespace archex::explore
