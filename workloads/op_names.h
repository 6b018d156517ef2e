#pragma once
// Stable text names of operators and activations, used by the workload file
// format, the JSON output and error messages.

#include <optional>
#include <string>
#include <string_view>

#include "workloads/layer.h"

namespace archex::workload {

std::string_view op_kind_name(OpKind kind);
std::optional<OpKind> parse_op_kind(std::string_view name);
// "input, conv2d, ..." for error messages.
std::string op_kind_names();

std::string_view activation_name(ActivationKind kind);
std::optional<ActivationKind> parse_activation(std::string_view name);
std::string activation_names();

}  // namespace archex::workload
