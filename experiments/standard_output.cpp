#include "experiments/standard_output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace archex::exp {

std::optional<std::string> standard_output_error() {
  errno = 0;
  std::cout.flush();
  const bool stream_failed = std::cout.fail();
  const bool stdio_failed = std::fflush(stdout) != 0 || std::ferror(stdout);
  if (!stream_failed && !stdio_failed) return std::nullopt;
  const int error = errno;
  return std::string("cannot write the output") + (error != 0 ? std::string(": ") + std::strerror(error) : "");
}

}  // namespace archex::exp
