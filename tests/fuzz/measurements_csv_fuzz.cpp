// Measurement CSVs: `calibrate --measured` (layer, cycles, parameter columns;
// lenet5 on apollo_edge) and `validate --measured` (layer, latency, PEs, DRAM,
// power, energy; alexnet_original on eyeriss_v1). Accepted rows must hold
// finite positive numbers and name layers of the workload.

#include <cmath>

#include "cost-models/calibration.h"
#include "cost-models/validation.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/model_check.h"
#include "workloads/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archex;
  static const workload::Workload lenet = workload::load_workload("lenet5");
  static const workload::Workload alexnet = workload::load_workload("alexnet_original");
  const auto file = fuzz::write_temp_file("measured.csv", fuzz::text_of(data, size));
  try {
    const auto rows = cost::read_measurements_csv(file, fuzz::apollo_edge(), fuzz::apollo_edge().baseline(),
                                                  lenet.layers());
    for (const cost::Measurement& m : rows) {
      if (m.layer >= lenet.layers().size()) fuzz::finding("a measurement of a layer the workload lacks");
      if (!(std::isfinite(m.cycles) && m.cycles > 0)) fuzz::finding("measured cycles " + std::to_string(m.cycles));
      fuzz::apollo_edge().validate(m.config);
    }
  } catch (const std::exception&) {
  }
  try {
    const auto rows = cost::read_validation_csv(file, alexnet.layers());
    (void)rows;
  } catch (const std::exception&) {
  }
  return 0;
}
