// `evaluate --batch` stdin: every line answered by one JSON line, whatever it
// holds (a bad line gets an error object; the lines after it still run).
// Evaluated with lenet5 on apollo_edge and on eyeriss_space (an architecture
// template with a choice parameter).

#include <sstream>

#include "cost-models/registry.h"
#include "experiments/evaluate_batch.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/model_check.h"
#include "workloads/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archex;
  static const workload::Workload lenet = workload::load_workload("lenet5");
  static const arch::Template eyeriss_space = arch::Template::load_named("eyeriss_space");
  static const auto eyeriss_space_model = cost::make_cost_model("analytical", eyeriss_space);
  std::istringstream in(fuzz::text_of(data, size));
  std::string line;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    using Target = std::pair<const arch::Template*, const cost::CostModel*>;
    for (const auto& [tmpl, model] : {Target{&fuzz::apollo_edge(), &fuzz::apollo_edge_model()},
                                      Target{&eyeriss_space, eyeriss_space_model.get()}}) {
      const nlohmann::json result = exp::evaluate_batch_line(line, number, lenet, *tmpl, *model, {});
      if (result.value("line", -1L) != number) fuzz::finding("a batch answer without its line number");
      if (!result.contains("error") && !result.contains("latency_cycles") && !result.contains("feasible"))
        fuzz::finding("a batch answer with neither metrics nor an error: " + exp::batch_output_line(result));
      const std::string out = exp::batch_output_line(result);
      if (out.find('\n') != std::string::npos) fuzz::finding("a batch answer spans lines: " + out);
    }
  }
  return 0;
}
