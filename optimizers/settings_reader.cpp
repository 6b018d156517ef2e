#include "optimizers/settings_reader.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "optimizers/registry.h"

namespace archex::opt {

SettingsReader::SettingsReader(std::string optimizer, const Settings& settings)
    : optimizer_(std::move(optimizer)), settings_(settings) {}

const std::string* SettingsReader::find(const std::string& key) {
  known_.insert(key);
  const auto it = settings_.find(key);
  return it == settings_.end() ? nullptr : &it->second;
}

void SettingsReader::fail(const std::string& key, const std::string& value,
                          const std::string& expectation) const {
  setting_error(optimizer_, key, value, expectation);
}

int SettingsReader::integer(const std::string& key, int fallback) {
  const std::string* s = find(key);
  if (!s) return fallback;
  errno = 0;
  char* end = nullptr;
  const long v = std::strtol(s->c_str(), &end, 10);
  if (s->empty() || *end != '\0' || errno == ERANGE || v < std::numeric_limits<int>::min() ||
      v > std::numeric_limits<int>::max())
    fail(key, *s, "an integer");
  return static_cast<int>(v);
}

double SettingsReader::real(const std::string& key, double fallback) {
  const std::string* s = find(key);
  if (!s) return fallback;
  char* end = nullptr;
  const double v = std::strtod(s->c_str(), &end);
  if (s->empty() || *end != '\0' || !std::isfinite(v)) fail(key, *s, "a finite number");
  return v;
}

bool SettingsReader::boolean(const std::string& key, bool fallback) {
  const std::string* s = find(key);
  if (!s) return fallback;
  if (*s == "true" || *s == "1" || *s == "yes" || *s == "on") return true;
  if (*s == "false" || *s == "0" || *s == "no" || *s == "off") return false;
  fail(key, *s, "true or false");
}

std::string SettingsReader::choice(const std::string& key, const std::string& fallback,
                                   const std::vector<std::string>& allowed) {
  const std::string* s = find(key);
  if (!s) return fallback;
  for (const auto& a : allowed)
    if (*s == a) return *s;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  fail(key, *s, "one of: " + list);
}

std::string SettingsReader::text(const std::string& key, const std::string& fallback) {
  const std::string* s = find(key);
  return s ? *s : fallback;
}

void SettingsReader::reject_unknown() const {
  for (const auto& [key, value] : settings_) {
    if (known_.count(key)) continue;
    std::string list;
    for (const auto& k : known_) list += (list.empty() ? "" : ", ") + k;
    throw OptimizerError("optimizer '" + optimizer_ + "': unknown setting '" + key + "' (accepted: " +
                         (list.empty() ? "none" : list) + ")");
  }
}

void setting_error(const std::string& optimizer, const std::string& key, const std::string& value,
                   const std::string& expectation) {
  throw OptimizerError("optimizer '" + optimizer + "': setting '" + key + "' = '" + value +
                       "': expected " + expectation);
}

std::string format_setting(double value) {
  char buf[32];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  return buf;
}

std::string format_setting(int value) { return std::to_string(value); }

std::string format_setting(bool value) { return value ? "true" : "false"; }

}  // namespace archex::opt
