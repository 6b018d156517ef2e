#pragma once
// A template parameter's value as a person writes and reads it: a choice
// parameter by its label ("row-stationary"), a size in bytes with a binary
// unit ("256KiB", "1MiB"), or the plain integer. The one reader and writer of
// value text (CLI --set, config files, sweep specs, reports).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "accelerator-template/template.h"

namespace archex::arch {

// The value `text` stands for, or nothing when it is none of the forms above
// (or a size whose bytes overflow). Whether the value is one of the
// parameter's values is the caller's check.
std::optional<std::int64_t> parse_parameter_value(const TemplateParameter& p, std::string_view text);

// The same for the parameter `name` of `tmpl`; a name the template lacks takes
// a plain integer, so that Template::make_config reports the unknown name.
std::optional<std::int64_t> parse_parameter_value(const Template& tmpl, std::string_view name, std::string_view text);

// What a value may look like, for error messages.
inline constexpr const char* kParameterValueForms = "an integer, a size such as 256KiB, or a value's label";

// The label of a choice value; a byte size that is a whole number of KiB /
// MiB / GiB in that unit ("256KiB"); else the integer.
std::string format_parameter_value(const TemplateParameter& p, std::int64_t value);

}  // namespace archex::arch
