#pragma once
// The accelerator template: ordered parameters with discrete values, constants
// and a baseline, loaded from a YAML data file (default: edge_template.yaml).

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
};

// One value per template parameter, in template order.
struct Config {
  std::vector<std::int64_t> values;
  friend bool operator==(const Config&, const Config&) = default;
};

struct TechConstants;  // clock, data width, node coefficients: accelerator-template/tech_constants.h

class Template {
 public:
  // Parses and validates a template file; throws TemplateError naming the file and field.
  static Template load(const std::filesystem::path& file);
  // The shipped Apollo-style edge template (accelerator-template/edge_template.yaml).
  static Template load_default();

  const std::string& name() const;
  const std::vector<TemplateParameter>& parameters() const;
  // Index of a parameter by name; throws TemplateError listing the known names.
  std::size_t index_of(const std::string& name) const;
  const Config& baseline() const;
  // Product of the value-list sizes (a double: it may exceed 2^63).
  double space_size() const;
  const TechConstants& constants() const;

  // Builds a config from name -> value pairs; parameters not given take the
  // baseline value. Throws TemplateError for an unknown name or a value not in
  // the template (the message lists the allowed values).
  Config make_config(const std::map<std::string, std::int64_t>& values) const;
  // Throws TemplateError if the config does not belong to this template.
  void validate(const Config& config) const;
  std::int64_t value(const Config& config, const std::string& name) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace archex::arch
