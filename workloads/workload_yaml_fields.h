#pragma once
// The shared YAML field reader (workloads/yaml_fields.h) raising WorkloadError,
// for the workload file parsers.

#include <string>

#include "workloads/yaml_fields.h"

namespace archex::workload {

[[noreturn]] void raise_workload_error(const std::string& message);

using YamlFields = yaml::FieldsRaising<&raise_workload_error>;

inline YAML::Node parse_yaml(const std::string& text, const std::string& source) {
  return yaml::parse_yaml(text, source, &raise_workload_error);
}
using yaml::yaml_location;

}  // namespace archex::workload
