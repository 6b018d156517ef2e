#pragma once
// The fields of a study spec, declared once. One row per field says
// everything the rest of archex needs to know about it:
//   - its YAML keys in a spec file (and whether experiment specs share it),
//   - its command-line flags for `archex run` (and which of them `archex
//     resume` takes too: the settings of a run a stored study may change),
//   - its keyword of `archex.Study(...)` in Python (read as its spec-file value),
//   - how a user's value overlays another (flags over a file) and fills the
//     spec (over the stored study or the defaults),
//   - its part of the study's identity (stored as JSON; spec_differences lists
//     the identity keys that differ, so a difference is printed by key).
// Readers, flags, identity and differences all walk this table.
//
// Adding a field: a member in StudySpec, its optional twin in StudySpecInput
// (explorer/study_spec.h), and one row in study_fields.cpp. Nothing else:
// the spec file, `archex run` flags, `archex resume` flags (flags with a
// resume help), Python keywords, experiment specs (shared rows), the
// identity, continuing a study and the difference listing follow the row.
// A field new to the identity must leave it unchanged at its default (see
// `batch`), so stored studies keep their identity.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "explorer/study_spec.h"

namespace YAML {
class Node;
}
namespace archex::yaml {
class YamlField;
}

namespace archex::explore {

// How a flag's text is parsed and checked before it reaches the field (the
// command-line layer maps each kind to its parser and checks).
enum class FlagKind {
  kText,            // a string; an empty one counts as not given
  kTexts,           // repeatable strings
  kNumber,          // a double
  kPositiveNumber,  // a double > 0
  kCount,           // an integer from min to max
  kSeed,            // an unsigned 64-bit integer
};
using FlagValue = std::variant<std::string, std::vector<std::string>, double, std::int64_t, std::uint64_t>;

struct StudyFlag {
  const char* names;  // "--budget,-b"
  const char* help;
  FlagKind kind = FlagKind::kText;
  std::int64_t min = 0, max = 0;  // kCount
  void (*set)(const FlagValue& value, StudySpecInput& input) = nullptr;
  // Also an `archex resume` flag, with this help: a setting of a run, never
  // part of the identity. Null: `archex run` only.
  const char* resume_help = nullptr;
};

struct StudyField {
  // Spec-file keys; several are aliases of which a file may give one
  // ("workload" / "workloads"). Empty: not in spec files.
  std::vector<const char*> yaml_keys;
  // Also a key of experiment specs, shared by every study of the grid (the
  // others are the grid's axes or names).
  bool in_experiments = false;
  // Its keyword of archex.Study(...) (experiments/python); the Python value is
  // read by read_yaml as a spec file's value of that shape. Null: none.
  const char* python_keyword = nullptr;
  void (*read_yaml)(const yaml::YamlField& value, StudySpecInput& input) = nullptr;
  bool (*given)(const StudySpecInput& input) = nullptr;
  void (*overlay)(StudySpecInput& base, const StudySpecInput& top) = nullptr;
  // Takes the user's value into the spec. `continuing`: `spec` holds a stored
  // study's fields, else the defaults. Null: resolve_spec sets it (the name).
  void (*resolve)(const StudySpecInput& input, bool continuing, StudySpec& spec) = nullptr;
  // Its part of StudySpec::identity_json() and back; null: not in the identity.
  void (*to_identity)(const StudySpec& spec, nlohmann::json& identity) = nullptr;
  void (*from_identity)(const nlohmann::json& identity, StudySpec& spec) = nullptr;
  std::vector<StudyFlag> flags;  // `archex run` flags, in --help order
};

// Every study field, in the order spec files list them in messages.
const std::vector<StudyField>& study_fields();

// "name, workload, workloads, ...": the keys of the rows `pick` selects.
std::string yaml_keys_text(bool (*pick)(const StudyField&));

// Reads one spec-file entry into `input` when `key` is a key of a row that
// `pick` selects; false when it is not. A second key of the same row (an
// alias given too) is an error naming both.
bool read_yaml_entry(const std::string& key, const YAML::Node& key_node, const YAML::Node& value,
                     const std::string& source, bool (*pick)(const StudyField&), StudySpecInput& input);

// The keywords of archex.Study(...), in the table's order.
std::vector<std::string> python_keywords();

// Reads one archex.Study keyword, its value given as the YAML node a spec file
// would hold, with the row's spec-file reader ("archex.Study: field 'budget':
// expected a number"). An unknown keyword is a SpecError naming it and the
// closest keyword.
void read_python_keyword(const std::string& keyword, const YAML::Node& value, StudySpecInput& input);

}  // namespace archex::explore
