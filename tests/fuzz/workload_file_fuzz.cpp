// Workload files (YAML; JSON is read as YAML). An accepted file must write
// back and read again to the same layers, summarise as JSON and cost on both
// shipped templates without an exception.

#include <optional>

#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/model_check.h"
#include "workloads/workload_json.h"
#include "workloads/workload_yaml.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archex;
  std::optional<workload::Workload> w;
  try {
    w.emplace(workload::parse_workload_yaml(fuzz::text_of(data, size), "fuzz.yaml"));
  } catch (const std::exception&) {
    return 0;
  }
  const std::string yaml = workload::workload_to_yaml(*w);
  const workload::Workload again = workload::parse_workload_yaml(yaml, "written.yaml");
  if (workload::workload_to_yaml(again) != yaml)
    fuzz::finding("a written workload does not read back to the same layers:\n" + yaml);
  (void)workload::workload_to_json(*w).dump();
  fuzz::evaluate_on_shipped_templates(*w, "workload file");
  return 0;
}
