#include "explorer/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#include "explorer/errors.h"

namespace archex::explore {
namespace {

using Clock = std::chrono::steady_clock;

// A child that exits makes the next write raise SIGPIPE, which would end
// archex: from the first child on, the write fails with EPIPE instead.
void ignore_sigpipe_once() {
  static std::once_flag once;
  std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

std::vector<std::string> split_command(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\'') {
      const auto end = command.find('\'', i + 1);
      if (end == std::string_view::npos)
        throw ExploreError("evaluator command '" + std::string(command) + "': unterminated ' quote");
      word.append(command.substr(i + 1, end - i - 1));
      i = end;
      in_word = true;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < command.size() && command[j] != '"'; ++j) {
        if (command[j] == '\\' && j + 1 < command.size() && (command[j + 1] == '"' || command[j + 1] == '\\')) ++j;
        word += command[j];
      }
      if (j >= command.size())
        throw ExploreError("evaluator command '" + std::string(command) + "': unterminated \" quote");
      i = j;
      in_word = true;
    } else if (c == '\\' && i + 1 < command.size()) {
      word += command[++i];
      in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  if (words.empty()) throw ExploreError("evaluator command is empty");
  return words;
}

bool program_exists(const std::string& program) {
  auto executable = [](const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
  };
  if (program.find('/') != std::string::npos) return executable(program);
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  for (;;) {
    const auto end = dirs.find(':', start);
    std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (executable((dir.empty() ? "." : dir) + "/" + program)) return true;
    if (end == std::string::npos) return false;
    start = end + 1;
  }
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
  ignore_sigpipe_once();
  int in[2], out[2], err[2], exec_error[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 ||
      pipe2(exec_error, O_CLOEXEC) != 0)
    throw ExploreError(std::string("cannot create pipes for the evaluator: ") + std::strerror(errno));
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_ = fork();
  if (pid_ < 0) throw ExploreError(std::string("cannot start the evaluator: fork: ") + std::strerror(errno));
  if (pid_ == 0) {
    // Only async-signal-safe calls from here to exec.
    setpgid(0, 0);
    signal(SIGPIPE, SIG_DFL);
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    execvp(args[0], args.data());
    const int code = errno;
    [[maybe_unused]] auto n = write(exec_error[1], &code, sizeof code);
    _exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  ::close(exec_error[1]);
  stdin_ = in[1];
  stdout_ = out[0];
  stderr_ = err[0];
  // The exec-error pipe closes on a successful exec (CLOEXEC) or carries errno.
  int code = 0;
  ssize_t n;
  do {
    n = ::read(exec_error[0], &code, sizeof code);
  } while (n < 0 && errno == EINTR);
  ::close(exec_error[0]);
  if (n == static_cast<ssize_t>(sizeof code)) {
    reap(true);
    close_fd(stdin_);
    close_fd(stdout_);
    close_fd(stderr_);
    throw ExploreError("cannot start evaluator '" + argv.front() + "': " + std::strerror(code));
  }
  fcntl(stdout_, F_SETFL, O_NONBLOCK);
  fcntl(stderr_, F_SETFL, O_NONBLOCK);
}

ChildProcess::~ChildProcess() {
  close_fd(stdin_);
  kill();
  close_fd(stdout_);
  close_fd(stderr_);
}

bool ChildProcess::write_line(std::string_view line) {
  std::string text(line);
  text += '\n';
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(stdin_, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;  // EPIPE: the child is gone
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void ChildProcess::drain_stderr() {
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(stderr_, buffer, sizeof buffer);
    if (n <= 0) break;
    err_tail_.append(buffer, static_cast<std::size_t>(n));
    if (err_tail_.size() > 4096) err_tail_.erase(0, err_tail_.size() - 4096);
  }
}

ChildProcess::Read ChildProcess::read_line(std::string& line, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    if (auto newline = out_buffer_.find('\n'); newline != std::string::npos) {
      line = out_buffer_.substr(0, newline);
      out_buffer_.erase(0, newline + 1);
      return Read::kLine;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return Read::kTimeout;
    pollfd fds[2] = {{stdout_, POLLIN, 0}, {stderr_, POLLIN, 0}};
    const int ready = ::poll(fds, stderr_ >= 0 ? 2 : 1, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) return Read::kClosed;
    if (stderr_ >= 0 && (fds[1].revents & (POLLIN | POLLHUP))) {
      drain_stderr();
      if (fds[1].revents & POLLHUP && !(fds[1].revents & POLLIN)) close_fd(stderr_);
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      char buffer[65536];
      const ssize_t n = ::read(stdout_, buffer, sizeof buffer);
      if (n == 0) {
        if (stderr_ >= 0) drain_stderr();
        return Read::kClosed;
      }
      if (n > 0) out_buffer_.append(buffer, static_cast<std::size_t>(n));
    }
  }
}

bool ChildProcess::reap(bool block) {
  if (reaped_ || pid_ <= 0) return true;
  int status = 0;
  pid_t done;
  do {
    done = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (done < 0 && errno == EINTR);
  if (done == pid_ || done < 0) {
    reaped_ = true;
    status_ = status;
  }
  return reaped_;
}

std::string ChildProcess::exit_description(std::chrono::milliseconds wait) {
  const auto deadline = Clock::now() + wait;
  while (!reap(false) && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  if (!reaped_) return "still running";
  if (WIFEXITED(status_)) return "exited with status " + std::to_string(WEXITSTATUS(status_));
  if (WIFSIGNALED(status_))
    return "killed by signal " + std::to_string(WTERMSIG(status_)) + " (" + strsignal(WTERMSIG(status_)) + ")";
  return "ended";
}

std::string ChildProcess::last_stderr_line() const {
  std::string tail = err_tail_;
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r' || tail.back() == ' ')) tail.pop_back();
  const auto newline = tail.rfind('\n');
  std::string line = newline == std::string::npos ? tail : tail.substr(newline + 1);
  if (line.size() > 300) line = line.substr(0, 300) + "...";
  return line;
}

void ChildProcess::kill() {
  if (pid_ > 0 && !reap(false)) {
    ::kill(pid_, SIGKILL);
    reap(true);
  }
}

}  // namespace archex::explore
