#include "workloads/registry.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "workloads/onnx_import.h"
#include "workloads/workload_yaml.h"
#include "workloads/workload_yaml_fields.h"
#include "workloads/zoo.h"

namespace archex::workload {

void raise_workload_error(const std::string& message) { throw WorkloadError(message); }

namespace {

namespace fs = std::filesystem;

bool has_extension(const fs::path& path, std::initializer_list<const char*> extensions) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// A set file's entry: a zoo / saved name, or a path relative to the set file.
Workload load_set_entry(const std::string& ref, const fs::path& set_dir, int bytes_per_element) {
  std::error_code ec;
  const fs::path relative = set_dir / ref;
  const bool by_name = find_zoo_model(ref) || fs::path(ref).is_absolute() || !fs::exists(relative, ec);
  return load_workload(by_name ? ref : relative.string(), bytes_per_element);
}

WorkloadSet read_set_file(const YAML::Node& root, const fs::path& path, int bytes_per_element) {
  const std::string source = path.string();
  YamlFields top(root, source, "workload set");
  WorkloadSet set;
  set.name = top.optional_text("name").value_or(path.stem().string());
  top.optional_text("description");
  const YAML::Node entries = top.list("workloads");
  top.reject_unknown_fields();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const YAML::Node& entry = entries[i];
    std::string ref;
    double weight = 1.0;
    if (entry.IsScalar()) {
      ref = entry.Scalar();
    } else {
      YamlFields f(entry, source, "workload #" + std::to_string(i + 1));
      ref = f.text("workload");
      weight = f.number("weight").value_or(1.0);
      if (weight <= 0) f.fail("weight", "a number > 0");
      f.reject_unknown_fields();
    }
    try {
      set.workloads.push_back(load_set_entry(ref, path.parent_path(), bytes_per_element));
    } catch (const WorkloadError& e) {
      throw WorkloadError(yaml_location(source, entry) + ": workload '" + ref + "': " + e.what());
    }
    set.weights.push_back(weight);
  }
  return set;
}

}  // namespace

std::vector<std::string> zoo_names() {
  std::vector<std::string> names;
  for (const ZooModel& m : zoo_models()) names.emplace_back(m.name);
  return names;
}

fs::path saved_workloads_dir() {
  if (const char* dir = std::getenv("ARCHEX_WORKLOADS_DIR"); dir && *dir) return dir;
  if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data)
    return fs::path(data) / "archex" / "workloads";
  if (const char* home = std::getenv("HOME"); home && *home)
    return fs::path(home) / ".local" / "share" / "archex" / "workloads";
  throw WorkloadError("cannot locate the saved-workloads directory: set ARCHEX_WORKLOADS_DIR or HOME");
}

std::vector<std::string> saved_workload_names() {
  std::vector<std::string> names;
  std::error_code ec;
  const fs::path dir = saved_workloads_dir();
  if (!fs::is_directory(dir, ec)) return names;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

Workload load_workload(const std::string& name_or_path, int bytes_per_element) {
  return load_workload(name_or_path, BuildOptions{.bytes_per_element = bytes_per_element});
}

Workload load_workload(const std::string& name_or_path, const BuildOptions& options) {
  options.validate();
  if (const ZooModel* model = find_zoo_model(name_or_path)) return model->define().build(options);
  if (const auto at = name_or_path.rfind('@'); at != std::string::npos) {
    // "bert_base@512": a zoo model with its size parameter (":" weights a set's entry).
    if (const ZooModel* model = find_zoo_model(name_or_path.substr(0, at))) {
      if (model->define_with == nullptr)
        throw WorkloadError("zoo model '" + std::string(model->name) + "' takes no parameter (as '" + name_or_path + "')");
      const std::string text = name_or_path.substr(at + 1);
      const bool digits = !text.empty() && text.size() <= 9 &&
                          std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
      if (!digits)
        throw WorkloadError("workload '" + name_or_path + "': expected " + std::string(model->name) + "@N with N the " +
                            std::string(model->parameter));
      return model->define_with(std::stoll(text)).build(options);
    }
  }

  std::error_code ec;
  const bool plain_name = name_or_path.find('/') == std::string::npos && !name_or_path.empty();
  if (plain_name) {
    const fs::path saved = saved_workloads_dir() / (name_or_path + ".yaml");
    if (fs::is_regular_file(saved, ec)) return read_workload_file(saved, options);
  }
  const fs::path path(name_or_path);
  if (fs::exists(path, ec)) {
    if (has_extension(path, {".yaml", ".yml", ".json"})) return read_workload_file(path, options);
    if (has_extension(path, {".onnx"})) return import_onnx_file(path, {.build = options});
    throw WorkloadError("'" + name_or_path + "': unsupported workload file type (expected .yaml, .yml, .json or .onnx)");
  }
  if (plain_name && path.extension().empty())
    throw WorkloadError("unknown workload '" + name_or_path + "': not a zoo model (" + joined(zoo_names()) +
                        ") and not a saved workload in " + saved_workloads_dir().string());
  throw WorkloadError("cannot open '" + name_or_path + "': no such file");
}

WorkloadSet load_workload_set(const std::string& spec, int bytes_per_element) {
  std::error_code ec;
  const fs::path path(spec);
  if (has_extension(path, {".yaml", ".yml", ".json"}) && fs::is_regular_file(path, ec)) {
    const YAML::Node root = parse_yaml(read_text_file(path), spec);
    if (root.IsMap() && root["workloads"]) return read_set_file(root, path, bytes_per_element);
    Workload single = load_workload(spec, bytes_per_element);  // a workload file: a set of one
    WorkloadSet set{single.name(), {}, {1.0}};
    set.workloads.push_back(std::move(single));
    return set;
  }
  WorkloadSet set;
  set.name = spec;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = spec.find(',', start);
    const std::string item = trimmed(spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (item.empty()) throw WorkloadError("workload list '" + spec + "': empty entry (expected name,name,...)");
    set.workloads.push_back(load_workload(item, bytes_per_element));
    set.weights.push_back(1.0);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return set;
}

}  // namespace archex::workload
