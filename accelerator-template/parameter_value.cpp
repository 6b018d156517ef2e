#include "accelerator-template/parameter_value.h"

#include <array>
#include <charconv>
#include <limits>

namespace archex::arch {
namespace {

struct BinaryUnit {
  const char* suffix;
  std::int64_t bytes;
};
constexpr std::array<BinaryUnit, 3> kUnits{{{"GiB", 1LL << 30}, {"MiB", 1LL << 20}, {"KiB", 1LL << 10}}};

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::int64_t> parse_parameter_value(const TemplateParameter& p, std::string_view text) {
  for (std::size_t i = 0; i < p.labels.size() && i < p.values.size(); ++i)
    if (p.labels[i] == text) return p.values[i];
  if (p.unit == "bytes") {
    for (const BinaryUnit& u : kUnits) {
      const std::string_view suffix(u.suffix);
      if (text.size() <= suffix.size() || !text.ends_with(suffix)) continue;
      std::string_view number = text.substr(0, text.size() - suffix.size());
      if (number.ends_with(' ')) number.remove_suffix(1);
      const auto n = parse_integer(number);
      if (!n || *n < 0 || *n > std::numeric_limits<std::int64_t>::max() / u.bytes) return std::nullopt;
      return *n * u.bytes;
    }
  }
  return parse_integer(text);
}

std::optional<std::int64_t> parse_parameter_value(const Template& tmpl, std::string_view name, std::string_view text) {
  for (const auto& p : tmpl.parameters())
    if (p.name == name) return parse_parameter_value(p, text);
  return parse_integer(text);
}

std::string format_parameter_value(const TemplateParameter& p, std::int64_t value) {
  for (std::size_t i = 0; i < p.labels.size() && i < p.values.size(); ++i)
    if (p.values[i] == value) return p.labels[i];
  if (p.unit == "bytes" && value > 0)
    for (const BinaryUnit& u : kUnits)
      if (value % u.bytes == 0) return std::to_string(value / u.bytes) + u.suffix;
  return std::to_string(value);
}

}  // namespace archex::arch
