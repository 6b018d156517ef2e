#include "accelerator-template/model_limits.h"

#include <cstdio>

namespace archex::arch {

std::string limit_violation(std::string_view what, double value, double limit) {
  if (value <= limit) return {};
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, " = %.6g, beyond the cost models' limit of %.6g", value, limit);
  return std::string(what) + buffer;
}

}  // namespace archex::arch
