#pragma once
// The accelerator template: ordered parameters with discrete values, a
// baseline and either an architecture description (`architecture:`, the
// generic hierarchy of accelerator-template/architecture.h) or the edge
// template's technology constants (`constants:`). Loaded from a YAML data
// file; shipped templates live in accelerator-template/templates/ and are
// found by name (docs/architecture-format.md).

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace archex::arch {

// Bad template file, unknown parameter or a value outside the template; the
// message names the file / parameter and what was expected.
class TemplateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TemplateParameter {
  std::string name;         // e.g. "pe_x"
  std::string unit;         // e.g. "bytes", "GB/s", "" for counts
  std::string description;
  std::vector<std::int64_t> values;  // ordered, ascending
  std::vector<std::string> labels;   // a choice parameter (e.g. the dataflow): one name per value
};

// One value per template parameter, in template order.
struct Config {
  std::vector<std::int64_t> values;
  friend bool operator==(const Config&, const Config&) = default;
};

struct TechConstants;  // clock, data width, node coefficients: accelerator-template/tech_constants.h
struct Architecture;   // accelerator-template/architecture.h
struct ResolvedArchitecture;

class Template {
 public:
  // Parses and validates a template file; throws TemplateError naming the file and field.
  static Template load(const std::filesystem::path& file);
  // A shipped template by name (accelerator-template/templates/NAME.yaml), or a
  // file when `name_or_file` names one (contains '/' or ends in .yaml / .yml).
  static Template load_named(const std::string& name_or_file);
  // $ARCHEX_TEMPLATE when set, else the shipped apollo_edge template.
  static Template load_default();
  // Names of the shipped templates, sorted.
  static std::vector<std::string> shipped_names();
  static std::filesystem::path shipped_dir();

  const std::string& name() const;
  const std::vector<TemplateParameter>& parameters() const;
  // Index of a parameter by name; throws TemplateError listing the known names.
  std::size_t index_of(const std::string& name) const;
  const Config& baseline() const;
  // Product of the value-list sizes (a double: it may exceed 2^63).
  double space_size() const;
  const TechConstants& constants() const;
  // The architecture description, or nullptr for an edge-constants template.
  const Architecture* architecture() const;
  // The architecture with the config's values applied; requires architecture().
  ResolvedArchitecture resolve(const Config& config) const;
  // Why a config breaks one of the template's "infeasible" rules (empty when none).
  std::string rule_violation(const Config& config) const;
  const std::string& description() const;
  // Area budgets the template's authors study (`area_budgets_mm2`; may be empty).
  const std::vector<double>& area_budgets_mm2() const;
  const std::filesystem::path& file() const;
  // FNV-1a of the file's bytes, 16 hex digits: what a study records.
  const std::string& content_hash() const;
  // The label of a choice parameter's value, else the value as text.
  std::string value_text(std::size_t parameter, std::int64_t value) const;

  // Builds a config from name -> value pairs; parameters not given take the
  // baseline value. Throws TemplateError for an unknown name or a value not in
  // the template (the message lists the allowed values).
  Config make_config(const std::map<std::string, std::int64_t>& values) const;
  // Throws TemplateError if the config does not belong to this template or
  // breaks one of its "invalid" rules.
  void validate(const Config& config) const;
  std::int64_t value(const Config& config, const std::string& name) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace archex::arch
