// Template loading and config validation. Parse, then build: every field of
// the file is checked, and an error names the file, the field and what was
// expected, before any Template exists.

#include "accelerator-template/template.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include <cstdio>
#include <fstream>
#include <limits>
#include <optional>

#include <yaml-cpp/yaml.h>

#include "accelerator-template/parameter_value.h"
#include "accelerator-template/architecture.h"
#include "accelerator-template/architecture_yaml.h"
#include "accelerator-template/tech_constants.h"

#ifndef ARCHEX_TEMPLATE_DIR
#define ARCHEX_TEMPLATE_DIR "."
#endif
#ifndef ARCHEX_TEMPLATE_INSTALL_DIR
#define ARCHEX_TEMPLATE_INSTALL_DIR "/usr/local/share/archex/templates"
#endif

namespace archex::arch {

struct Template::Impl {
  std::string name;
  std::string description;
  std::filesystem::path file;
  std::string content_hash;
  std::vector<TemplateParameter> parameters;
  Config baseline;
  TechConstants constants;
  std::shared_ptr<const Architecture> architecture;  // null for an edge-constants template
  std::vector<std::optional<ParameterBinding>> bindings;  // per parameter
  std::vector<ProductRule> rules;
  std::vector<double> area_budgets_mm2;
};

namespace {

// The values as a person writes them (sizes in KiB / MiB, choices by name).
std::string join_values(const TemplateParameter& p) {
  std::ostringstream out;
  for (std::size_t i = 0; i < p.values.size(); ++i) out << (i ? ", " : "") << format_parameter_value(p, p.values[i]);
  return out.str();
}

std::string fnv1a_hex(const std::string& text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

template <typename T>
T required(std::optional<T> value, TemplateFields& f, const std::string& key) {
  if (!value) f.fail(key, "a value (the field is required)");
  return *value;
}

TemplateParameter read_parameter(const YAML::Node& node, const std::string& source, std::size_t index,
                                 const Architecture* architecture, std::optional<ParameterBinding>& binding) {
  TemplateFields f(node, source, "parameters[" + std::to_string(index) + "]");
  TemplateParameter p;
  p.name = f.text("name");
  if (p.name.empty()) f.fail("name", "a non-empty name");
  f.set_owner("parameter '" + p.name + "'");
  p.unit = f.optional_text("unit").value_or("");
  p.description = f.optional_text("description").value_or("");
  if (const auto target = f.optional_text("binds")) {
    if (architecture == nullptr) f.fail("binds", "no binding: this template has no architecture section");
    binding = read_binding(*target, *architecture, f);
  } else if (architecture != nullptr) {
    f.fail("binds", "the architecture field this parameter sets (e.g. fanouts.pe_rows.size)");
  }
  if (binding && binding->field == ParameterBinding::Field::kDataflow) {
    // A choice among the architecture's dataflows: values are their indices.
    const auto choices = required(f.names("choices"), f, "choices");
    for (const std::string& choice : choices) {
      const int d = architecture->dataflow_index(choice);
      if (d < 0) f.fail("choices", "names of the architecture's dataflows (unknown '" + choice + "')");
      p.values.push_back(d);
      p.labels.push_back(choice);
    }
    std::vector<std::int64_t> sorted = p.values;
    std::sort(sorted.begin(), sorted.end());
    if (sorted != p.values || std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
      f.fail("choices", "each dataflow once, in the order the architecture declares them");
    f.reject_unknown_fields();
    return p;
  }
  const YAML::Node values = f.list("values");
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string item = "values[" + std::to_string(i) + "]";
    std::int64_t v = 0;
    try {
      v = values[i].IsScalar() ? values[i].as<std::int64_t>() : 0;
    } catch (const YAML::Exception&) {
      f.fail(item, "a positive integer (got '" + values[i].Scalar() + "')");
    }
    if (v <= 0) f.fail(item, "a positive integer");
    if (!p.values.empty() && v <= p.values.back())
      f.fail("values", "strictly ascending values (" + std::to_string(v) + " after " +
                           std::to_string(p.values.back()) + ")");
    p.values.push_back(v);
  }
  f.reject_unknown_fields();
  return p;
}

// The edge template's technology constants (`constants:`), each a positive number.
struct NumberField {
  const char* key;
  double* target;
  double max = INFINITY;
};

// A required number in (0, max].
double positive_number(TemplateFields& f, const char* key, double max) {
  const auto v = f.number(key);
  if (!v) f.fail(key, "a number (the field is required)");
  if (!(*v > 0.0) || *v > max) {
    std::ostringstream expect;
    expect << "a number > 0";
    if (std::isfinite(max)) expect << " and <= " << max;
    f.fail(key, expect.str());
  }
  return *v;
}

void read_numbers(const YAML::Node& node, const std::string& source, const std::string& owner,
                  std::initializer_list<NumberField> fields) {
  TemplateFields f(node, source, owner);
  for (const auto& field : fields) *field.target = positive_number(f, field.key, field.max);
  f.reject_unknown_fields();
}

TechConstants read_constants(const YAML::Node& node, const std::string& source) {
  TemplateFields f(node, source, "constants");
  TechConstants t;
  t.node = f.text("node");
  auto positive = [&](const char* key, double max) { return positive_number(f, key, max); };
  t.clock_ghz = positive("clock_ghz", INFINITY);
  t.data_width_bits = static_cast<int>(positive("data_width_bits", 64));
  t.accumulator_bits = static_cast<int>(positive("accumulator_bits", 64));
  AreaCoefficients& a = t.area;
  EnergyCoefficients& e = t.energy;
  read_numbers(f.map("area"), source, "constants.area",
               {{"mac_area_45nm_um2", &a.mac_area_45nm_um2},
                {"logic_area_scale", &a.logic_area_scale},
                {"lane_overhead", &a.lane_overhead},
                {"sram_bitcell_um2", &a.sram_bitcell_um2},
                {"sram_array_efficiency", &a.sram_array_efficiency, 1.0},
                {"sram_macro_max_bytes", &a.sram_macro_max_bytes},
                {"sram_macro_periphery_mm2", &a.sram_macro_periphery_mm2},
                {"noc_per_pe_mm2", &a.noc_per_pe_mm2},
                {"noc_per_core_mm2", &a.noc_per_core_mm2},
                {"io_per_gbps_mm2", &a.io_per_gbps_mm2},
                {"control_fixed_mm2", &a.control_fixed_mm2},
                {"control_per_core_mm2", &a.control_per_core_mm2}});
  read_numbers(f.map("energy"), source, "constants.energy",
               {{"mac_energy_45nm_pj", &e.mac_energy_45nm_pj},
                {"energy_scale", &e.energy_scale},
                {"register_relative", &e.register_relative},
                {"pe_array_relative", &e.pe_array_relative},
                {"global_buffer_relative", &e.global_buffer_relative},
                {"dram_relative", &e.dram_relative},
                {"register_accesses_per_mac", &e.register_accesses_per_mac}});
  f.reject_unknown_fields();
  return t;
}

std::string parameter_names(const std::vector<TemplateParameter>& params) {
  std::string out;
  for (const auto& p : params) out += (out.empty() ? "" : ", ") + p.name;
  return out;
}

}  // namespace

Template Template::load(const std::filesystem::path& file) {
  const std::string source = file.string();
  const std::string text = yaml::read_user_file(file, "template file", &raise_template_error);
  const YAML::Node root = yaml::parse_yaml(text, source, &raise_template_error);
  if (!root.IsMap())
    throw TemplateError(source + ": expected a mapping with name, parameters, baseline and architecture");
  TemplateFields top(root, source, "template");

  auto impl = std::make_shared<Impl>();
  impl->file = file;
  impl->content_hash = fnv1a_hex(text);
  impl->name = top.text("name");
  impl->description = top.optional_text("description").value_or("");
  if (top.has("architecture")) {
    impl->architecture = std::make_shared<const Architecture>(read_architecture(top.map("architecture"), source));
    const Architecture& a = *impl->architecture;
    impl->constants.node = a.technology.node;
    impl->constants.clock_ghz = a.clock_mhz / 1000.0;
    impl->constants.data_width_bits = a.word_bits;
    impl->constants.accumulator_bits = a.word_bits;
  } else if (top.has("constants")) {
    impl->constants = read_constants(top.map("constants"), source);
  } else {
    top.fail("architecture", "a map describing the accelerator (docs/architecture-format.md), or the edge "
                             "template's 'constants' section");
  }

  // A fixed architecture (a measured chip) may have no parameters at all.
  const bool fixed_chip = impl->architecture != nullptr && !top.has("parameters");
  const YAML::Node params = fixed_chip ? YAML::Node(YAML::NodeType::Sequence) : top.list("parameters");
  for (std::size_t i = 0; i < params.size(); ++i) {
    std::optional<ParameterBinding> binding;
    TemplateParameter p = read_parameter(params[i], source, i, impl->architecture.get(), binding);
    for (const auto& other : impl->parameters)
      if (other.name == p.name) top.fail("parameters", "unique names (duplicate parameter '" + p.name + "')");
    impl->parameters.push_back(std::move(p));
    impl->bindings.push_back(binding);
  }
  auto known_names = [&] {
    std::string out;
    for (const auto& p : impl->parameters) out += (out.empty() ? "" : ", ") + p.name;
    return out;
  };
  auto param_index = [&](const std::string& name) {
    for (std::size_t i = 0; i < impl->parameters.size(); ++i)
      if (impl->parameters[i].name == name) return i;
    return impl->parameters.size();
  };

  TemplateFields baseline(fixed_chip && !top.has("baseline") ? YAML::Node(YAML::NodeType::Map) : top.map("baseline"),
                          source, "baseline");
  for (const auto& entry : baseline.node()) {
    const std::string key = entry.first.Scalar();
    if (param_index(key) == impl->parameters.size())
      baseline.fail(key, "a template parameter (unknown parameter; known: " + known_names() + ")");
  }
  for (const auto& p : impl->parameters) {
    std::int64_t v = 0;
    if (!p.labels.empty()) {
      const std::string label = required(baseline.optional_text(p.name), baseline, p.name);
      const auto it = std::find(p.labels.begin(), p.labels.end(), label);
      if (it == p.labels.end()) baseline.fail(p.name, "one of the parameter's choices");
      v = p.values[static_cast<std::size_t>(it - p.labels.begin())];
    } else {
      v = required(baseline.integer(p.name, std::numeric_limits<std::int64_t>::min()), baseline, p.name);
      if (std::find(p.values.begin(), p.values.end(), v) == p.values.end())
        baseline.fail(p.name, "one of the allowed values {" + join_values(p) + "}");
    }
    impl->baseline.values.push_back(v);
  }

  if (top.has("rules")) {
    const YAML::Node rules = top.list("rules");
    for (std::size_t i = 0; i < rules.size(); ++i) {
      TemplateFields r(rules[i], source, "rules[" + std::to_string(i) + "]");
      ProductRule rule;
      for (const std::string& name : required(r.names("product"), r, "product")) {
        const std::size_t index = param_index(name);
        if (index == impl->parameters.size())
          r.fail("product", "template parameters (unknown '" + name + "'; known: " + known_names() + ")");
        rule.parameters.push_back(index);
      }
      rule.min = r.number_in("min", 0.0, 1e18).value_or(0.0);
      rule.max = r.number_in("max", 0.0, 1e18).value_or(0.0);
      if (rule.min == 0.0 && rule.max == 0.0) r.fail("max", "a bound (min and / or max)");
      const std::string effect = r.optional_text("effect").value_or("infeasible");
      if (effect != "infeasible" && effect != "invalid") r.fail("effect", "infeasible or invalid");
      rule.infeasible = effect == "infeasible";
      rule.message = r.text("message");
      r.reject_unknown_fields();
      impl->rules.push_back(std::move(rule));
    }
  }
  if (top.has("area_budgets_mm2")) {
    const YAML::Node budgets = top.list("area_budgets_mm2");
    for (std::size_t i = 0; i < budgets.size(); ++i) {
      double v = 0.0;
      try {
        v = budgets[i].as<double>();
      } catch (const YAML::Exception&) {
        top.fail("area_budgets_mm2", "a list of areas in mm^2 (numbers > 0)");
      }
      if (!(v > 0.0) || !std::isfinite(v)) top.fail("area_budgets_mm2", "a list of areas in mm^2 (numbers > 0)");
      impl->area_budgets_mm2.push_back(v);
    }
  }
  top.reject_unknown_fields();

  Template t;
  t.impl_ = std::move(impl);
  return t;
}

// The source tree's templates while archex runs from its build tree; the
// installed copy (cmake --install) once the sources are gone.
std::filesystem::path Template::shipped_dir() {
  const std::filesystem::path source = std::filesystem::path(ARCHEX_TEMPLATE_DIR) / "templates";
  std::error_code ec;
  if (std::filesystem::is_directory(source, ec)) return source;
  return std::filesystem::path(ARCHEX_TEMPLATE_INSTALL_DIR);
}

std::vector<std::string> Template::shipped_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(shipped_dir(), ec))
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

Template Template::load_named(const std::string& name_or_file) {
  const std::filesystem::path path(name_or_file);
  const bool is_file = name_or_file.find('/') != std::string::npos || path.extension() == ".yaml" ||
                       path.extension() == ".yml" || path.extension() == ".json";
  if (is_file) return load(path);
  const auto shipped = shipped_dir() / (name_or_file + ".yaml");
  if (std::filesystem::exists(shipped)) return load(shipped);
  if (std::filesystem::exists(path)) return load(path);
  std::string known;
  for (const auto& name : shipped_names()) known += (known.empty() ? "" : ", ") + name;
  throw TemplateError("unknown template '" + name_or_file + "'; shipped templates: " + known +
                      " (or give a template file)");
}

Template Template::load_default() {
  if (const char* env = std::getenv("ARCHEX_TEMPLATE"); env != nullptr && *env != '\0') return load_named(env);
  return load(shipped_dir() / "apollo_edge.yaml");
}

const std::vector<double>& Template::area_budgets_mm2() const { return impl_->area_budgets_mm2; }

const Architecture* Template::architecture() const { return impl_->architecture.get(); }
const std::string& Template::description() const { return impl_->description; }
const std::filesystem::path& Template::file() const { return impl_->file; }
const std::string& Template::content_hash() const { return impl_->content_hash; }

std::string Template::value_text(std::size_t parameter, std::int64_t value) const {
  return format_parameter_value(impl_->parameters.at(parameter), value);
}

ResolvedArchitecture Template::resolve(const Config& config) const {
  const Architecture* a = impl_->architecture.get();
  if (a == nullptr) throw TemplateError("template '" + impl_->name + "' has no architecture section");
  ResolvedArchitecture r;
  r.base = a;
  for (std::size_t i = 0; i < a->fanouts.size(); ++i) r.fanout_size[i] = a->fanouts[i].size;
  for (std::size_t i = 0; i < a->levels.size(); ++i) {
    r.capacity_words[i] = a->levels[i].capacity_words;
    r.bandwidth_words_per_cycle[i] = a->levels[i].bandwidth_words_per_cycle;
    r.bandwidth_gbps[i] = a->levels[i].bandwidth_gbps;
  }
  r.dataflow = a->dataflows.size() == 1 ? 0 : -1;
  for (std::size_t p = 0; p < impl_->bindings.size(); ++p) {
    const auto& b = impl_->bindings[p];
    if (!b) continue;
    const std::int64_t v = config.values[p];
    switch (b->field) {
      case ParameterBinding::Field::kFanoutSize: r.fanout_size[b->index] = v; break;
      case ParameterBinding::Field::kCapacityWords: r.capacity_words[b->index] = v; break;
      case ParameterBinding::Field::kBandwidthWordsPerCycle: r.bandwidth_words_per_cycle[b->index] = static_cast<double>(v); break;
      case ParameterBinding::Field::kBandwidthGbps: r.bandwidth_gbps[b->index] = static_cast<double>(v); break;
      case ParameterBinding::Field::kDataflow: r.dataflow = static_cast<int>(v); break;
    }
  }
  return r;
}

namespace {
// The rule's product, or an empty string when it holds.
std::string check_rule(const ProductRule& rule, const std::vector<TemplateParameter>& params, const Config& config) {
  double product = 1.0;
  std::string names;
  for (const std::size_t p : rule.parameters) {
    product *= static_cast<double>(config.values[p]);
    names += (names.empty() ? "" : " x ") + params[p].name;
  }
  if ((rule.max > 0.0 && product > rule.max) || product < rule.min) {
    std::ostringstream out;
    out << rule.message << " (" << names << " = " << product;
    if (rule.max > 0.0) out << ", at most " << rule.max;
    if (rule.min > 0.0) out << ", at least " << rule.min;
    out << ")";
    return out.str();
  }
  return {};
}
}  // namespace

std::string Template::rule_violation(const Config& config) const {
  for (const ProductRule& rule : impl_->rules)
    if (rule.infeasible)
      if (std::string why = check_rule(rule, impl_->parameters, config); !why.empty()) return why;
  return {};
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
  std::size_t i = 0;
  while (i < impl_->parameters.size() && impl_->parameters[i].name != name) ++i;
  if (i == impl_->parameters.size())
    throw TemplateError("unknown parameter '" + name + "' in template '" + impl_->name +
                        "'; known: " + parameter_names(impl_->parameters));
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
      throw TemplateError("parameter '" + params[i].name + "': value " +
                          format_parameter_value(params[i], config.values[i]) + " is not allowed; allowed values: {" +
                          join_values(params[i]) + "}");
  }
  for (const ProductRule& rule : impl_->rules)
    if (!rule.infeasible)
      if (std::string why = check_rule(rule, params, config); !why.empty())
        throw TemplateError("template '" + impl_->name + "': " + why);
}

std::int64_t Template::value(const Config& config, const std::string& name) const {
  const std::size_t i = index_of(name);
  if (i >= config.values.size())
    throw TemplateError("config has no value for parameter '" + name + "'");
  return config.values[i];
}

}  // namespace archex::arch
