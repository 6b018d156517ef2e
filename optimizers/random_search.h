#pragma once
// `random`: uniform sampling over the space, the baseline every other
// optimizer must beat. Avoids points already observed (in this study or as
// priors) or running while the space still has untaken points.

#include "optimizers/optimizer.h"

namespace archex::opt {

class RandomSearch : public Optimizer {
 public:
  static constexpr const char* kName = "random";
  RandomSearch(const SearchSpace& space, const Settings& settings);
  static OptimizerInfo info();

  std::string name() const override { return kName; }
  std::vector<Suggestion> suggest(const History& history, int count, Rng& rng) override;

 private:
  SearchSpace space_;
};

}  // namespace archex::opt
