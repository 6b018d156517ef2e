#pragma once
// Picks which observations a surrogate trains on when there are too many for
// its cost budget: the best half of the budget by label (the region the
// optimizer exploits must be modelled well), the rest uniformly at random
// (so the model still knows the landscape and the infeasible regions).

#include <vector>

#include "optimizers/optimizer.h"

namespace archex::opt {

// Indices into `labels` (larger = better), ascending; all when size <= cap.
std::vector<int> training_subset(const std::vector<double>& labels, int cap, Rng& rng);

}  // namespace archex::opt
