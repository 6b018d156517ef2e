#pragma once
// Typed, checked access to the fields of one YAML map, with error messages
// that name the file, line, owner and field and say what was expected. The one
// field reader of every archex file parser (workloads, templates, study and experiment specs); each parser
// passes the function that raises its own error type. Knows nothing of what
// the files describe: it is built as its own small library (archex_yaml).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace archex::yaml {

// Throws the calling parser's error type with the finished message.
using RaiseError = void (*)(const std::string& message);

// Throws std::runtime_error; the default for callers without their own type.
[[noreturn]] void raise_runtime_error(const std::string& message);

// "file.yaml:12:5" for a node (1-based line and column).
std::string yaml_location(const std::string& source, const YAML::Node& node);

// The whole content of a file a user named (`what` says which kind, e.g.
// "template file"). A directory, a missing or unreadable file is raised as
// "FILE: cannot read the <what>: <reason>" instead of reading as empty.
std::string read_user_file(const std::filesystem::path& file, const std::string& what,
                           RaiseError raise = raise_runtime_error);

// Raises "FILE:LINE: not UTF-8 text (byte 0xNN)" unless `text` is UTF-8, as
// YAML and JSON require: names from it end up in JSON and on terminals.
void require_utf8(const std::string& text, const std::string& source, RaiseError raise = raise_runtime_error);

// Parses text (UTF-8: require_utf8) into a YAML document; syntax errors are raised naming file, line and column.
YAML::Node parse_yaml(const std::string& text, const std::string& source, RaiseError raise = raise_runtime_error);

class YamlFields {
 public:
  // `owner` prefixes messages, e.g. "layer 'conv1'". `map` must be a YAML map.
  YamlFields(const YAML::Node& map, std::string source, std::string owner, RaiseError raise = raise_runtime_error);

  bool has(const std::string& key) const;
  void set_owner(std::string owner);
  const YAML::Node& node() const { return map_; }

  std::string text(const std::string& key);  // required
  std::optional<std::string> optional_text(const std::string& key);
  std::optional<std::int64_t> integer(const std::string& key, std::int64_t min);
  std::optional<double> number(const std::string& key);
  // A finite number in [min, max].
  std::optional<double> number_in(const std::string& key, double min, double max);
  std::optional<bool> boolean(const std::string& key);
  // An integer n (meaning n x n) or [h, w].
  std::optional<std::pair<std::int64_t, std::int64_t>> pair(const std::string& key, std::int64_t min);
  // A list of 1 to `max_size` integers >= min.
  std::optional<std::vector<std::int64_t>> integers(const std::string& key, std::size_t max_size,
                                                    std::int64_t min);
  // A required non-empty list (of anything; the caller reads the items).
  YAML::Node list(const std::string& key);
  // The field's node as it is (nullopt when absent), for shapes the caller checks.
  std::optional<YAML::Node> raw(const std::string& key) { return find(key); }
  // A required map (the caller reads it with its own YamlFields).
  YAML::Node map(const std::string& key);
  // A name or a list of names.
  std::optional<std::vector<std::string>> names(const std::string& key);

  // Throws naming the first key no accessor asked for (a typo, usually).
  void reject_unknown_fields() const;

  [[noreturn]] void fail(const std::string& key, const std::string& expected) const;

 private:
  // The field's node, or nullopt when absent or null. Nodes are held by value:
  // assigning to a YAML::Node would write into the document.
  std::optional<YAML::Node> find(const std::string& key);

  YAML::Node map_;
  RaiseError raise_;
  std::string source_;
  std::string owner_;
  std::set<std::string> used_;
};

// One field's value, for parsers that walk a map themselves (the study and
// experiment specs: keys with aliases, nested fields, values that are a name
// or a list). Messages read "file.yaml:3:8: field 'x': expected ...".
class YamlField {
 public:
  YamlField(const YAML::Node& node, std::string source, std::string field, RaiseError raise = raise_runtime_error);

  const YAML::Node& node() const { return node_; }
  const std::string& name() const { return field_; }
  // "file.yaml:3:8: field 'x'", where messages about this field start.
  std::string where() const;
  [[noreturn]] void fail(const std::string& message) const;
  // A field nested in this one ("evaluator.timeout_s"), at its own node.
  YamlField child(const YAML::Node& node, const std::string& key) const;
  // The same field at another node (an item of its list, a key of its map).
  YamlField at(const YAML::Node& node) const;

  std::string scalar() const;  // any single value
  std::string text() const;    // a non-empty single value
  double number() const;       // finite
  std::int64_t integer_in(std::int64_t min, std::int64_t max) const;
  std::uint64_t unsigned_integer() const;  // 0 .. 2^64 - 1
  // A text or a list of texts.
  std::vector<std::string> texts() const;

 private:
  YAML::Node node_;
  std::string source_, field_;
  RaiseError raise_;
};

// The reader bound to one parser's error type, e.g.
// `using TemplateFields = yaml::FieldsRaising<&raise_template_error>;`.
template <RaiseError Raise>
class FieldsRaising : public YamlFields {
 public:
  FieldsRaising(const YAML::Node& map, std::string source, std::string owner)
      : YamlFields(map, std::move(source), std::move(owner), Raise) {}
};

}  // namespace archex::yaml
