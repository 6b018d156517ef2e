// Experiment spec files (`experiment run FILE`): parsed, validated and
// expanded into its grid of studies; every cell of an accepted spec must be a
// valid study spec.

#include <optional>

#include "experiments/experiment_spec.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archex;
  std::optional<exp::ExperimentSpec> spec;
  std::vector<exp::ExperimentCell> cells;
  try {
    spec.emplace(exp::parse_experiment_spec(fuzz::text_of(data, size), "fuzz.yaml"));
    cells = exp::expand_cells(*spec);
  } catch (const std::exception&) {
    return 0;
  }
  for (const exp::ExperimentCell& cell : cells) {
    cell.spec.validate();
    (void)cell.spec.canonical();
  }
  return 0;
}
