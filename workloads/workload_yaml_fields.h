#pragma once
// The shared YAML field reader (workloads/yaml_fields.h) raising WorkloadError,
// for the workload file parsers.

#include <string>
#include <utility>

#include "workloads/yaml_fields.h"

namespace archex::workload {

[[noreturn]] void raise_workload_error(const std::string& message);

class YamlFields : public yaml::YamlFields {
 public:
  YamlFields(const YAML::Node& map, std::string source, std::string owner)
      : yaml::YamlFields(map, std::move(source), std::move(owner), &raise_workload_error) {}
};

inline YAML::Node parse_yaml(const std::string& text, const std::string& source) {
  return yaml::parse_yaml(text, source, &raise_workload_error);
}
using yaml::yaml_location;

}  // namespace archex::workload
