#include "workloads/yaml_fields.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include <stdexcept>

#include "workloads/utf8.h"

namespace archex::yaml {
namespace {

std::string scalar_text(const YAML::Node& node) {
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  return "nothing";
}

std::optional<std::int64_t> to_integer(const YAML::Node& node) {
  if (!node.IsScalar()) return std::nullopt;
  const std::string& s = node.Scalar();
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

}  // namespace

void raise_runtime_error(const std::string& message) { throw std::runtime_error(message); }

std::string read_user_file(const std::filesystem::path& file, const std::string& what, RaiseError raise) {
  const std::string prefix = file.string() + ": cannot read the " + what + ": ";
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) raise(prefix + "it is a directory");
  std::ifstream in(file, std::ios::binary);
  if (!in) raise(prefix + (std::filesystem::exists(file, ec) ? std::strerror(errno) : "no such file"));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) raise(prefix + std::strerror(errno));
  return text.str();
}

std::string yaml_location(const std::string& source, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return source;
  return source + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

void require_utf8(const std::string& text, const std::string& source, RaiseError raise) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[i]));
      raise(source + ":" + std::to_string(line) + ": not UTF-8 text (byte " + byte + ")");
    }
    line += text[i] == '\n';
    i += n == 0 ? 1 : n;
  }
}

YAML::Node parse_yaml(const std::string& text, const std::string& source, RaiseError raise) {
  require_utf8(text, source, raise);
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    raise(source + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
          ": invalid YAML: " + e.msg);
  }
  return {};  // not reached: raise throws
}

YamlFields::YamlFields(const YAML::Node& map, std::string source, std::string owner, RaiseError raise)
    : map_(map), raise_(raise), source_(std::move(source)), owner_(std::move(owner)) {
  if (!map_.IsMap())
    raise_(yaml_location(source_, map_) + ": " + owner_ + ": expected a map of fields, got " +
                        scalar_text(map_));
}

bool YamlFields::has(const std::string& key) const {
  const YAML::Node& map = map_;
  return static_cast<bool>(map[key]);
}

void YamlFields::set_owner(std::string owner) { owner_ = std::move(owner); }

std::optional<YAML::Node> YamlFields::find(const std::string& key) {
  used_.insert(key);
  const YAML::Node& map = map_;  // const access: never inserts the key
  const YAML::Node value = map[key];
  if (!value || value.IsNull()) return std::nullopt;
  return value;
}

void YamlFields::fail(const std::string& key, const std::string& expected) const {
  const YAML::Node at = map_[key] ? map_[key] : map_;
  raise_(yaml_location(source_, at) + ": " + owner_ + ": field '" + key + "': expected " +
                      expected + (map_[key] ? ", got " + scalar_text(map_[key]) : ""));
  std::abort();  // raise_ throws; a raiser that returns is a programming error
}

std::string YamlFields::text(const std::string& key) {
  auto value = optional_text(key);
  if (!value) fail(key, "a value (the field is required)");
  return *value;
}

std::optional<std::string> YamlFields::optional_text(const std::string& key) {
  const auto n = find(key);
  if (!n) return std::nullopt;
  if (!n->IsScalar()) fail(key, "a string");
  return n->Scalar();
}

std::optional<std::int64_t> YamlFields::integer(const std::string& key, std::int64_t min) {
  const auto n = find(key);
  if (!n) return std::nullopt;
  auto value = to_integer(*n);
  if (!value || *value < min) fail(key, "an integer >= " + std::to_string(min));
  return value;
}

std::optional<double> YamlFields::number(const std::string& key) {
  const auto n = find(key);
  if (!n) return std::nullopt;
  double value = 0;
  try {
    value = n->as<double>();
  } catch (const YAML::Exception&) {
    fail(key, "a number");
  }
  if (!std::isfinite(value)) fail(key, "a finite number");
  return value;
}

std::optional<double> YamlFields::number_in(const std::string& key, double min, double max) {
  const auto value = number(key);
  if (value && (*value < min || *value > max)) {
    std::ostringstream expected;
    expected << "a number in [" << min << ", " << max << "]";
    fail(key, expected.str());
  }
  return value;
}

std::optional<bool> YamlFields::boolean(const std::string& key) {
  const auto n = find(key);
  if (!n) return std::nullopt;
  try {
    return n->as<bool>();
  } catch (const YAML::Exception&) {
    fail(key, "true or false");
  }
}

std::optional<std::pair<std::int64_t, std::int64_t>> YamlFields::pair(const std::string& key,
                                                                      std::int64_t min) {
  const auto n = find(key);
  if (!n) return std::nullopt;
  const std::string expected = "an integer >= " + std::to_string(min) + " or [h, w]";
  if (n->IsScalar()) {
    auto v = to_integer(*n);
    if (!v || *v < min) fail(key, expected);
    return std::pair{*v, *v};
  }
  if (!n->IsSequence() || n->size() != 2) fail(key, expected);
  auto h = to_integer((*n)[0]), w = to_integer((*n)[1]);
  if (!h || !w || *h < min || *w < min) fail(key, expected);
  return std::pair{*h, *w};
}

std::optional<std::vector<std::int64_t>> YamlFields::integers(const std::string& key,
                                                              std::size_t max_size, std::int64_t min) {
  const auto n = find(key);
  if (!n) return std::nullopt;
  const std::string expected =
      "a list of 1 to " + std::to_string(max_size) + " integers >= " + std::to_string(min);
  if (!n->IsSequence() || n->size() == 0 || n->size() > max_size) fail(key, expected);
  std::vector<std::int64_t> values;
  for (const auto& item : *n) {
    auto v = to_integer(item);
    if (!v || *v < min) fail(key, expected);
    values.push_back(*v);
  }
  return values;
}

YAML::Node YamlFields::list(const std::string& key) {
  const auto n = find(key);
  if (!n || !n->IsSequence() || n->size() == 0) fail(key, "a non-empty list");
  return *n;
}

YAML::Node YamlFields::map(const std::string& key) {
  const auto n = find(key);
  if (!n || !n->IsMap()) fail(key, "a map of fields");
  return *n;
}

std::optional<std::vector<std::string>> YamlFields::names(const std::string& key) {
  const auto n = find(key);
  if (!n) return std::nullopt;
  if (n->IsScalar()) return std::vector<std::string>{n->Scalar()};
  if (!n->IsSequence()) fail(key, "a name or a list of names");
  std::vector<std::string> values;
  for (const auto& item : *n) {
    if (!item.IsScalar()) fail(key, "a name or a list of names");
    values.push_back(item.Scalar());
  }
  return values;
}

YamlField::YamlField(const YAML::Node& node, std::string source, std::string field, RaiseError raise)
    : node_(node), source_(std::move(source)), field_(std::move(field)), raise_(raise) {}

std::string YamlField::where() const {
  // append: no GCC 12 -Wrestrict false positive
  return yaml_location(source_, node_).append(": field '").append(field_).append("'");
}

void YamlField::fail(const std::string& message) const {
  raise_(where() + ": " + message);
  std::abort();  // raise_ throws; a raiser that returns is a programming error
}

YamlField YamlField::child(const YAML::Node& node, const std::string& key) const {
  return YamlField(node, source_, field_ + "." + key, raise_);
}

YamlField YamlField::at(const YAML::Node& node) const { return YamlField(node, source_, field_, raise_); }

std::string YamlField::scalar() const {
  if (!node_.IsScalar()) fail("expected a single value");
  return node_.Scalar();
}

std::string YamlField::text() const {
  std::string value = scalar();
  if (value.empty()) fail("expected a non-empty text");
  return value;
}

double YamlField::number() const {
  const std::string value = scalar();
  try {
    std::size_t used = 0;
    const double number = std::stod(value, &used);
    if (used == value.size() && std::isfinite(number)) return number;
  } catch (const std::exception&) {
  }
  fail("expected a number, got '" + value + "'");
}

std::int64_t YamlField::integer_in(std::int64_t min, std::int64_t max) const {
  const std::string value = scalar();
  try {
    std::size_t used = 0;
    const long long number = std::stoll(value, &used);
    if (used == value.size() && number >= min && number <= max) return number;
  } catch (const std::exception&) {
  }
  fail("expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", got '" + value + "'");
}

std::uint64_t YamlField::unsigned_integer() const {
  const std::string value = scalar();
  try {
    std::size_t used = 0;
    if (!value.empty() && value[0] != '-') {
      const unsigned long long number = std::stoull(value, &used);
      if (used == value.size()) return number;
    }
  } catch (const std::exception&) {
  }
  fail("expected a non-negative integer below 2^64, got '" + value + "'");
}

std::vector<std::string> YamlField::texts() const {
  if (node_.IsScalar()) return {text()};
  if (!node_.IsSequence()) fail("expected a name or a list of names");
  std::vector<std::string> values;
  for (const auto& item : node_) values.push_back(at(item).text());
  return values;
}

void YamlFields::reject_unknown_fields() const {
  for (const auto& entry : map_) {
    const std::string key = entry.first.Scalar();
    if (!used_.count(key))
      raise_(yaml_location(source_, entry.first) + ": " + owner_ + ": unknown field '" +
                          key + "'");
  }
}

}  // namespace archex::yaml
