#include "experiments/human_text.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace archex::exp {

std::string human_count(std::int64_t n) {
  constexpr std::array<std::pair<double, const char*>, 3> kUnits{{{1e9, "G"}, {1e6, "M"}, {1e3, "K"}}};
  for (const auto& [scale, unit] : kUnits) {
    if (static_cast<double>(n) >= scale) {
      char text[32];
      std::snprintf(text, sizeof text, "%.2f %s", static_cast<double>(n) / scale, unit);
      return text;
    }
  }
  return std::to_string(n);
}

std::string human_bytes(std::int64_t bytes) {
  constexpr std::array<std::pair<double, const char*>, 3> kUnits{
      {{1073741824.0, "GiB"}, {1048576.0, "MiB"}, {1024.0, "KiB"}}};
  for (const auto& [scale, unit] : kUnits) {
    if (static_cast<double>(bytes) >= scale) {
      const double v = static_cast<double>(bytes) / scale;
      char text[32];
      if (v == static_cast<double>(static_cast<std::int64_t>(v)))
        std::snprintf(text, sizeof text, "%.0f %s", v, unit);
      else
        std::snprintf(text, sizeof text, "%.2f %s", v, unit);
      return text;
    }
  }
  return std::to_string(bytes) + " B";
}

std::string fit_text(const std::string& text, std::size_t width) {
  if (text.size() <= width) return text;
  if (width < 4) return text.substr(0, width);
  // Keep three quarters from the end, where ONNX names differ. ASCII "..", so
  // byte widths (setw) stay column widths.
  const std::size_t keep = width - 2, tail = keep - keep / 4;
  return text.substr(0, keep - tail) + ".." + text.substr(text.size() - tail);
}

}  // namespace archex::exp
