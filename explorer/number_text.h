#pragma once
// Numbers in identities and names: the shortest "%g" form that reads back as
// the same double ("6.8", not "6.7999..."; 2000 is "2e+03"). Study names
// derived from a budget have always used it: it must not change, or a study
// run without --study would not be found again.

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace archex::explore {

inline std::string shortest_number(double value) {
  char buffer[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

// The shortest text that reads back as the same double, in plain decimals
// unless that takes more than 12 characters ("100000", "6.8", "1e-07"):
// constraints as users write them.
inline std::string compact_number(double value) {
  char buffer[400];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (result.ec != std::errc() || result.ptr - buffer > 12)
    result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

}  // namespace archex::explore
