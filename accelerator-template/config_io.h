#pragma once
// Reading configs and templates the way users give them: a template path or
// the default, config files (YAML or JSON mappings name -> value),
// "name=value" assignments, and seeded random configs.

#include <cstdint>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "accelerator-template/template.h"

namespace archex::arch {

// `path` if non-empty, else $ARCHEX_TEMPLATE, else the shipped edge template.
Template load_template(const std::string& path);

// A YAML / JSON mapping of parameter name -> value (other parameters keep
// their baseline value); a value is written as parameter_value.h reads it
// (1024, 256KiB, row-stationary). `where` names the source in errors
// ("config.yaml"). Throws TemplateError.
std::map<std::string, std::int64_t> parse_config_values(const Template& tmpl, const std::string& text,
                                                        const std::string& where);
Config load_config_file(const Template& tmpl, const std::filesystem::path& file);

// "name=value" -> {name, value}; throws TemplateError on a malformed assignment.
std::pair<std::string, std::int64_t> parse_assignment(const std::string& assignment);

// The same, where a choice parameter may be given by name (dataflow=row-stationary).
std::pair<std::string, std::int64_t> parse_assignment(const Template& tmpl, const std::string& assignment);

// Each parameter uniformly from its values, drawn in template order.
Config random_config(const Template& tmpl, std::mt19937_64& rng);

// Parameter name -> value, in template order.
std::vector<std::pair<std::string, std::int64_t>> named_values(const Template& tmpl, const Config& config);

}  // namespace archex::arch
