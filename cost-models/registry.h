#pragma once
// Creates cost models by name ("analytical" is the default).

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "accelerator-template/template.h"
#include "cost-models/cost_model.h"

namespace archex::cost {

class CostModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The model keeps what it needs of the template (a copy; templates are cheap
// shared handles). Throws CostModelError for an unknown name, or when the
// template lacks a parameter the model needs.
// For the shared file readers (workloads/yaml_fields.h): raises CostModelError.
[[noreturn]] void raise_cost_model_error(const std::string& message);

std::unique_ptr<CostModel> make_cost_model(const std::string& name, const arch::Template& tmpl);
std::vector<std::string> cost_model_names();

}  // namespace archex::cost
