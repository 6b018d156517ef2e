#pragma once
// The study flags of `archex run` and `archex resume`, one per flag of the
// study field table (explorer/study_fields.h): names, help, parsing and checks
// come from there.

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "explorer/study_fields.h"

namespace archex::exp {

class StudyFlags {
 public:
  // Adds every study flag to `command`, in the table's order.
  void add_to(CLI::App& command);
  // Adds the flags `archex resume` takes (those with a resume help), with that help.
  void add_resume_flags_to(CLI::App& command);
  // The fields the flags given set (SpecError for a malformed value).
  explore::StudySpecInput input() const;

 private:
  struct Slot {
    const explore::StudyFlag* flag = nullptr;
    CLI::Option* option = nullptr;
    std::string text;
    std::vector<std::string> texts;
    double number = 0;
    int count = 0;
    std::uint64_t seed = 0;
  };
  void add(CLI::App& command, const explore::StudyFlag& flag, const char* help);
  std::deque<Slot> slots_;  // stable addresses: CLI11 writes into them
};

}  // namespace archex::exp
