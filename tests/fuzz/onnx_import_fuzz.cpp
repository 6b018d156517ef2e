// ONNX import (`workloads import`, and any .onnx given as a workload): bytes
// as a ModelProto, then the imported workload's JSON summary and its cost on
// both shipped templates. An accepted model must summarise and cost without
// an exception.

#include <optional>

#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/model_check.h"
#include "workloads/onnx_import.h"
#include "workloads/workload_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archex;
  std::optional<workload::Workload> w;
  try {
    w.emplace(workload::import_onnx_bytes(fuzz::text_of(data, size), "fuzz.onnx"));
  } catch (const std::exception&) {
    return 0;  // refused with a message: the contract
  }
  (void)workload::workload_to_json(*w).dump();
  fuzz::evaluate_on_shipped_templates(*w, "imported ONNX workload");
  return 0;
}
