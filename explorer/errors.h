#pragma once
// Errors thrown by the explorer. Every message names the file / study / field
// and what was expected; the CLI prints it as one line.

#include <stdexcept>
#include <string>

namespace archex::explore {

class ExploreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A bad study spec (YAML file or command-line flags), or a spec that conflicts
// with the study already stored under the same name.
class SpecError : public ExploreError {
 public:
  using ExploreError::ExploreError;
};

// For the shared YAML / file readers (workloads/yaml_fields.h): raises SpecError.
[[noreturn]] inline void raise_spec_error(const std::string& message) { throw SpecError(message); }

// The trial database: not an archex database, a newer schema, corrupt, locked,
// an unknown study.
class StoreError : public ExploreError {
 public:
  using ExploreError::ExploreError;
};

}  // namespace archex::explore

namespace archex::explore {

// A study name that is not in the database read (the CLI adds how to read
// another database).
class StudyNotFound : public StoreError {
 public:
  using StoreError::StoreError;
};

}  // namespace archex::explore
