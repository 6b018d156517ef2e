// Template loading and config validation. Parse, then build: every field of
// the file is checked, and an error names the file, the field and what was
// expected, before any Template exists.

#include "accelerator-template/template.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "accelerator-template/tech_constants.h"

#ifndef ARCHEX_TEMPLATE_DIR
#define ARCHEX_TEMPLATE_DIR "."
#endif

namespace archex::arch {

struct Template::Impl {
  std::string name;
  std::vector<TemplateParameter> parameters;
  Config baseline;
  TechConstants constants;
};

namespace {

std::string join_values(const std::vector<std::int64_t>& values) {
  std::ostringstream out;
  for (std::size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "") << values[i];
  return out.str();
}

// Reads scalar fields with errors that name "<file>: <path>".
class FieldReader {
 public:
  explicit FieldReader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& expectation) const {
    throw TemplateError(file_ + ": field '" + path + "': " + expectation);
  }

  YAML::Node child(const YAML::Node& node, const std::string& key, const std::string& path,
                   YAML::NodeType::value type) const {
    YAML::Node value = node[key];
    if (!value) fail(path, "missing");
    if (value.Type() != type) {
      fail(path, type == YAML::NodeType::Map        ? "expected a mapping"
                 : type == YAML::NodeType::Sequence ? "expected a list"
                                                    : "expected a scalar");
    }
    return value;
  }

  std::string string(const YAML::Node& node, const std::string& key, const std::string& path,
                     bool required = true) const {
    if (!node[key]) {
      if (required) fail(path, "missing");
      return {};
    }
    return child(node, key, path, YAML::NodeType::Scalar).as<std::string>();
  }

  std::int64_t integer(const YAML::Node& node, const std::string& path) const {
    if (!node.IsScalar()) fail(path, "expected an integer");
    try {
      return node.as<std::int64_t>();
    } catch (const YAML::Exception&) {
      fail(path, "expected an integer, got '" + node.Scalar() + "'");
    }
  }

  // A positive finite number; `max` bounds it from above when given.
  double positive(const YAML::Node& map, const std::string& key, const std::string& path,
                  double max = INFINITY) const {
    YAML::Node node = child(map, key, path, YAML::NodeType::Scalar);
    double value = 0.0;
    try {
      value = node.as<double>();
    } catch (const YAML::Exception&) {
      fail(path, "expected a number, got '" + node.Scalar() + "'");
    }
    if (!(value > 0.0) || !std::isfinite(value) || value > max) {
      std::ostringstream expect;
      expect << "expected a number > 0";
      if (std::isfinite(max)) expect << " and <= " << max;
      expect << ", got " << node.Scalar();
      fail(path, expect.str());
    }
    return value;
  }

 private:
  std::string file_;
};

TemplateParameter parse_parameter(const FieldReader& in, const YAML::Node& node, std::size_t index) {
  const std::string path = "parameters[" + std::to_string(index) + "]";
  if (!node.IsMap()) in.fail(path, "expected a mapping with name, unit, description, values");
  TemplateParameter p;
  p.name = in.string(node, "name", path + ".name");
  if (p.name.empty()) in.fail(path + ".name", "expected a non-empty name");
  p.unit = in.string(node, "unit", path + ".unit", /*required=*/false);
  p.description = in.string(node, "description", path + ".description", /*required=*/false);
  const std::string values_path = "parameters." + p.name + ".values";
  YAML::Node values = in.child(node, "values", values_path, YAML::NodeType::Sequence);
  if (values.size() == 0) in.fail(values_path, "expected at least one value");
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::int64_t v = in.integer(values[i], values_path + "[" + std::to_string(i) + "]");
    if (v <= 0) in.fail(values_path, "expected positive values, got " + std::to_string(v));
    if (!p.values.empty() && v <= p.values.back()) {
      in.fail(values_path, "expected strictly ascending values, got " + std::to_string(v) + " after " +
                               std::to_string(p.values.back()));
    }
    p.values.push_back(v);
  }
  return p;
}

// One positive number of a constants section, stored into a member of T.
template <typename T>
struct NumberField {
  const char* key;
  double T::*member;
  double max = INFINITY;
};

template <typename T, std::size_t N>
T parse_numbers(const FieldReader& in, const YAML::Node& constants, const std::string& section,
                const std::array<NumberField<T>, N>& fields) {
  const std::string path = "constants." + section;
  const YAML::Node node = in.child(constants, section, path, YAML::NodeType::Map);
  T out;
  for (const auto& f : fields) out.*f.member = in.positive(node, f.key, path + "." + f.key, f.max);
  return out;
}

AreaCoefficients parse_area(const FieldReader& in, const YAML::Node& c) {
  using A = AreaCoefficients;
  return parse_numbers<A, 12>(in, c, "area",
                              {{{"mac_area_45nm_um2", &A::mac_area_45nm_um2},
                                {"logic_area_scale", &A::logic_area_scale},
                                {"lane_overhead", &A::lane_overhead},
                                {"sram_bitcell_um2", &A::sram_bitcell_um2},
                                {"sram_array_efficiency", &A::sram_array_efficiency, 1.0},
                                {"sram_macro_max_bytes", &A::sram_macro_max_bytes},
                                {"sram_macro_periphery_mm2", &A::sram_macro_periphery_mm2},
                                {"noc_per_pe_mm2", &A::noc_per_pe_mm2},
                                {"noc_per_core_mm2", &A::noc_per_core_mm2},
                                {"io_per_gbps_mm2", &A::io_per_gbps_mm2},
                                {"control_fixed_mm2", &A::control_fixed_mm2},
                                {"control_per_core_mm2", &A::control_per_core_mm2}}});
}

EnergyCoefficients parse_energy(const FieldReader& in, const YAML::Node& c) {
  using E = EnergyCoefficients;
  return parse_numbers<E, 7>(in, c, "energy",
                             {{{"mac_energy_45nm_pj", &E::mac_energy_45nm_pj},
                               {"energy_scale", &E::energy_scale},
                               {"register_relative", &E::register_relative},
                               {"pe_array_relative", &E::pe_array_relative},
                               {"global_buffer_relative", &E::global_buffer_relative},
                               {"dram_relative", &E::dram_relative},
                               {"register_accesses_per_mac", &E::register_accesses_per_mac}}});
}

TechConstants parse_constants(const FieldReader& in, const YAML::Node& root) {
  const YAML::Node c = in.child(root, "constants", "constants", YAML::NodeType::Map);
  TechConstants t;
  t.node = in.string(c, "node", "constants.node");
  t.clock_ghz = in.positive(c, "clock_ghz", "constants.clock_ghz");
  t.data_width_bits = static_cast<int>(in.positive(c, "data_width_bits", "constants.data_width_bits", 64));
  t.accumulator_bits = static_cast<int>(in.positive(c, "accumulator_bits", "constants.accumulator_bits", 64));
  t.area = parse_area(in, c);
  t.energy = parse_energy(in, c);
  return t;
}

std::size_t find_index(const std::vector<TemplateParameter>& params, const std::string& name) {
  for (std::size_t i = 0; i < params.size(); ++i)
    if (params[i].name == name) return i;
  return params.size();
}

std::string known_names(const std::vector<TemplateParameter>& params) {
  std::string out;
  for (const auto& p : params) out += (out.empty() ? "" : ", ") + p.name;
  return out;
}

}  // namespace

Template Template::load(const std::filesystem::path& file) {
  const std::string file_name = file.string();
  FieldReader in(file_name);
  YAML::Node root;
  try {
    root = YAML::LoadFile(file_name);
  } catch (const YAML::BadFile&) {
    throw TemplateError(file_name + ": cannot open the template file");
  } catch (const YAML::Exception& e) {
    throw TemplateError(file_name + ": not valid YAML: " + e.what());
  }
  if (!root.IsMap()) throw TemplateError(file_name + ": expected a mapping with name, parameters, baseline, constants");

  auto impl = std::make_shared<Impl>();
  impl->name = in.string(root, "name", "name");
  const YAML::Node params = in.child(root, "parameters", "parameters", YAML::NodeType::Sequence);
  if (params.size() == 0) in.fail("parameters", "expected at least one parameter");
  for (std::size_t i = 0; i < params.size(); ++i) {
    TemplateParameter p = parse_parameter(in, params[i], i);
    if (find_index(impl->parameters, p.name) != impl->parameters.size())
      in.fail("parameters[" + std::to_string(i) + "].name", "duplicate parameter '" + p.name + "'");
    impl->parameters.push_back(std::move(p));
  }
  impl->constants = parse_constants(in, root);

  const YAML::Node baseline = in.child(root, "baseline", "baseline", YAML::NodeType::Map);
  for (const auto& entry : baseline) {
    const std::string key = entry.first.as<std::string>();
    if (find_index(impl->parameters, key) == impl->parameters.size())
      in.fail("baseline." + key, "unknown parameter; known: " + known_names(impl->parameters));
  }
  for (const auto& p : impl->parameters) {
    const std::string path = "baseline." + p.name;
    if (!baseline[p.name]) in.fail(path, "missing (the baseline sets every parameter)");
    const std::int64_t v = in.integer(baseline[p.name], path);
    if (std::find(p.values.begin(), p.values.end(), v) == p.values.end())
      in.fail(path, std::to_string(v) + " is not one of the allowed values {" + join_values(p.values) + "}");
    impl->baseline.values.push_back(v);
  }

  Template t;
  t.impl_ = std::move(impl);
  return t;
}

Template Template::load_default() {
  if (const char* env = std::getenv("ARCHEX_TEMPLATE"); env != nullptr && *env != '\0') return load(env);
  return load(std::filesystem::path(ARCHEX_TEMPLATE_DIR) / "edge_template.yaml");
}

const std::string& Template::name() const { return impl_->name; }
const std::vector<TemplateParameter>& Template::parameters() const { return impl_->parameters; }
const Config& Template::baseline() const { return impl_->baseline; }
const TechConstants& Template::constants() const { return impl_->constants; }

double Template::space_size() const {
  double size = 1.0;
  for (const auto& p : impl_->parameters) size *= static_cast<double>(p.values.size());
  return size;
}

std::size_t Template::index_of(const std::string& name) const {
  const std::size_t i = find_index(impl_->parameters, name);
  if (i == impl_->parameters.size())
    throw TemplateError("unknown parameter '" + name + "' in template '" + impl_->name +
                        "'; known: " + known_names(impl_->parameters));
  return i;
}

Config Template::make_config(const std::map<std::string, std::int64_t>& values) const {
  Config config = impl_->baseline;
  for (const auto& [name, value] : values) config.values[index_of(name)] = value;
  validate(config);
  return config;
}

void Template::validate(const Config& config) const {
  const auto& params = impl_->parameters;
  if (config.values.size() != params.size())
    throw TemplateError("config has " + std::to_string(config.values.size()) + " values; template '" +
                        impl_->name + "' has " + std::to_string(params.size()) + " parameters");
  for (std::size_t i = 0; i < params.size(); ++i) {
    const auto& allowed = params[i].values;
    if (!std::binary_search(allowed.begin(), allowed.end(), config.values[i]))
      throw TemplateError("parameter '" + params[i].name + "': value " + std::to_string(config.values[i]) +
                          " is not allowed; allowed values: {" + join_values(allowed) + "}");
  }
}

std::int64_t Template::value(const Config& config, const std::string& name) const {
  const std::size_t i = index_of(name);
  if (i >= config.values.size())
    throw TemplateError("config has no value for parameter '" + name + "'");
  return config.values[i];
}

}  // namespace archex::arch
