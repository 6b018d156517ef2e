#include "optimizers/registry.h"

#include <functional>

#include "optimizers/gp_bandit.h"
#include "optimizers/model_based.h"
#include "optimizers/p3bo.h"
#include "optimizers/random_search.h"
#include "optimizers/regularized_evolution.h"

namespace archex::opt {

namespace {

struct Entry {
  std::function<OptimizerInfo()> info;
  std::function<std::unique_ptr<Optimizer>(const SearchSpace&, const Settings&)> make;
};

template <typename T>
Entry entry() {
  return {&T::info, [](const SearchSpace& space, const Settings& settings) {
            return std::unique_ptr<Optimizer>(new T(space, settings));
          }};
}

const std::vector<Entry>& entries() {
  static const std::vector<Entry> all = {
      entry<RandomSearch>(),
      entry<RegularizedEvolution>(),
      entry<GpBandit>(),
      entry<ModelBasedOptimizer>(),
      entry<P3bo>(),
  };
  return all;
}

void check_space(const std::string& name, const SearchSpace& space) {
  if (space.dimensions() == 0)
    throw OptimizerError("optimizer '" + name + "': the search space has no parameters");
  for (const auto& p : space.parameters())
    if (p.values.empty())
      throw OptimizerError("optimizer '" + name + "': parameter '" + p.name + "' has no values");
}

}  // namespace

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, const SearchSpace& space,
                                          const Settings& settings) {
  std::string known;
  for (const auto& e : entries()) {
    const OptimizerInfo info = e.info();
    if (info.name == name) {
      check_space(name, space);
      return e.make(space, settings);
    }
    known += (known.empty() ? "" : ", ") + info.name;
  }
  throw OptimizerError("unknown optimizer '" + name + "' (expected one of: " + known + ")");
}

std::vector<OptimizerInfo> list_optimizers() {
  std::vector<OptimizerInfo> out;
  for (const auto& e : entries()) out.push_back(e.info());
  return out;
}

}  // namespace archex::opt
