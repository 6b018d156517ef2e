// Calibration files (`evaluate --calibration FILE`, written by `calibrate
// --out`): depth-bounded JSON -> model coefficients. Accepted coefficients
// must give the edge model finite, non-negative metrics on lenet5.

#include <optional>

#include "cost-models/analytical.h"
#include "experiments/json_input.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/model_check.h"
#include "workloads/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archex;
  static const workload::Workload lenet = workload::load_workload("lenet5");
  std::optional<cost::AnalyticalModel> model;
  try {
    const cost::AnalyticalOptions options =
        cost::options_from_json(exp::parse_user_json(fuzz::text_of(data, size), "fuzz.json"));
    model.emplace(fuzz::apollo_edge(), options);
  } catch (const std::exception&) {
    return 0;
  }
  fuzz::evaluate_and_check(*model, fuzz::apollo_edge(), lenet, fuzz::apollo_edge().baseline(), "lenet5 with fuzzed coefficients");
  return 0;
}
