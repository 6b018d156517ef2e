#include "accelerator-template/model_limits.h"

#include <cstdio>

namespace archex::arch {

std::string limit_violation(const std::string& what, double value, double limit) {
  if (value <= limit) return "";
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, " = %.6g, beyond the cost models' limit of %.6g", value, limit);
  return what + buffer;
}

}  // namespace archex::arch
