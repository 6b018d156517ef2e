#include "workloads/registry.h"

#include "workloads/zoo.h"

namespace archex::workload {

std::vector<std::string> zoo_names() {
  std::vector<std::string> names;
  for (const ZooModel& m : zoo_models()) names.emplace_back(m.name);
  return names;
}

Workload load_workload(const std::string& name_or_path, int bytes_per_element) {
  BuildOptions options;
  options.bytes_per_element = bytes_per_element;
  if (const ZooModel* model = find_zoo_model(name_or_path)) return model->define().build(options);
  std::string names;
  for (const auto& n : zoo_names()) names += (names.empty() ? "" : ", ") + n;
  throw WorkloadError("unknown workload '" + name_or_path + "': not a zoo model (" + names + ")");
}

}  // namespace archex::workload
