#pragma once
// Reading the `architecture:` section of a template file and the `binds:`
// of its parameters. Parse, then build: every error is a TemplateError that
// names the file, line, owner and field (docs/architecture-format.md).

#include <string>

#include <yaml-cpp/yaml.h>

#include "accelerator-template/architecture.h"
#include "workloads/yaml_fields.h"

namespace archex::arch {

[[noreturn]] void raise_template_error(const std::string& message);

// The shared field reader, raising TemplateError.
using TemplateFields = yaml::FieldsRaising<&raise_template_error>;

Architecture read_architecture(const YAML::Node& node, const std::string& source);

// "fanouts.<name>.size", "storage.<name>.capacity_words",
// "storage.<name>.bandwidth_words_per_cycle", "storage.<name>.bandwidth_gbps"
// or "dataflow". `fields` is the parameter's map (for the error location).
ParameterBinding read_binding(const std::string& target, const Architecture& architecture, TemplateFields& fields);

}  // namespace archex::arch
