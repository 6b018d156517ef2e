#include "cost-models/registry.h"

#include "cost-models/analytical.h"
#include "cost-models/hierarchy_model.h"

namespace archex::cost {

void raise_cost_model_error(const std::string& message) { throw CostModelError(message); }

std::unique_ptr<CostModel> make_cost_model(const std::string& name, const arch::Template& tmpl) {
  if (name == "analytical") {
    // Architecture templates get the generic model; the edge-constants form its own.
    if (tmpl.architecture() != nullptr) return std::make_unique<HierarchyModel>(tmpl);
    return std::make_unique<AnalyticalModel>(tmpl);
  }
  std::string known;
  for (const auto& n : cost_model_names()) known += (known.empty() ? "" : ", ") + n;
  throw CostModelError("unknown cost model '" + name + "'; known: " + known);
}

std::vector<std::string> cost_model_names() { return {"analytical"}; }

}  // namespace archex::cost
