#pragma once
// Creates optimizers by name (`--optimizer NAME`).

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "optimizers/optimizer.h"

namespace archex::opt {

// Thrown for an unknown optimizer name or a bad setting; the message names
// the optimizer, the key, the value and what was expected.
class OptimizerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, const SearchSpace& space,
                                          const Settings& settings = {});
std::vector<OptimizerInfo> list_optimizers();

}  // namespace archex::opt
