#include "accelerator-template/config_io.h"

#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "accelerator-template/parameter_value.h"
#include "accelerator-template/architecture_yaml.h"
#include "workloads/yaml_fields.h"

namespace archex::arch {

Template load_template(const std::string& path) {
  return path.empty() ? Template::load_default() : Template::load_named(path);
}

std::map<std::string, std::int64_t> parse_config_values(const Template& tmpl, const std::string& text,
                                                        const std::string& where) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw TemplateError(where + ": not valid YAML / JSON: " + e.msg);
  }
  if (!root.IsMap()) throw TemplateError(where + ": expected a mapping of parameter name -> value");
  std::map<std::string, std::int64_t> values;
  for (const auto& entry : root) {
    const std::string name = entry.first.as<std::string>();
    const auto value = entry.second.IsScalar() ? parse_parameter_value(tmpl, name, entry.second.Scalar())
                                               : std::nullopt;
    if (!value) throw TemplateError(where + ": parameter '" + name + "': expected " + kParameterValueForms);
    values[name] = *value;
  }
  return values;
}

Config load_config_file(const Template& tmpl, const std::filesystem::path& file) {
  const auto values =
      parse_config_values(tmpl, yaml::read_user_file(file, "config file", &raise_template_error), file.string());
  try {
    return tmpl.make_config(values);
  } catch (const TemplateError& e) {
    throw TemplateError(file.string() + ": " + e.what());
  }
}

std::pair<std::string, std::int64_t> parse_assignment(const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == assignment.size())
    throw TemplateError("'" + assignment + "': expected name=value");
  const std::string value = assignment.substr(eq + 1);
  std::size_t used = 0;
  std::int64_t v = 0;
  try {
    v = std::stoll(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size()) throw TemplateError("'" + assignment + "': value '" + value + "' is not an integer");
  return {assignment.substr(0, eq), v};
}

std::pair<std::string, std::int64_t> parse_assignment(const Template& tmpl, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq != std::string::npos && eq > 0) {
    const std::string name = assignment.substr(0, eq), value = assignment.substr(eq + 1);
    if (const auto v = parse_parameter_value(tmpl, name, value)) return {name, *v};
  }
  return parse_assignment(assignment);
}

Config random_config(const Template& tmpl, std::mt19937_64& rng) {
  Config config;
  config.values.reserve(tmpl.parameters().size());
  for (const auto& p : tmpl.parameters()) {
    std::uniform_int_distribution<std::size_t> pick(0, p.values.size() - 1);
    config.values.push_back(p.values[pick(rng)]);
  }
  return config;
}

std::vector<std::pair<std::string, std::int64_t>> named_values(const Template& tmpl, const Config& config) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  const auto& params = tmpl.parameters();
  for (std::size_t i = 0; i < params.size() && i < config.values.size(); ++i)
    out.emplace_back(params[i].name, config.values[i]);
  return out;
}

}  // namespace archex::arch
