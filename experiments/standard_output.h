#pragma once
// Whether everything a command printed reached its destination. Output that
// cannot be written (a full disk, /dev/full, a closed pipe when SIGPIPE is
// ignored) must fail the command, not exit 0 with the result lost.

#include <optional>
#include <string>

namespace archex::exp {

// Flushes std::cout and stdout; the reason when any write to them failed.
std::optional<std::string> standard_output_error();

}  // namespace archex::exp
