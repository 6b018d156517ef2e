#pragma once
// Read-only helpers over a History shared by the optimizers.

#include <span>
#include <vector>

#include "optimizers/optimizer.h"

namespace archex::opt {

std::vector<const Observation*> pointers_to(std::span<const Observation> observations);

// Priors first, then this study's trials.
std::vector<const Observation*> all_observations(const History& history);

// The `limit` best feasible observations, best first (ties keep their order).
std::vector<const Observation*> best_feasible(const std::vector<const Observation*>& observations, int limit);

std::vector<Point> points_of(const std::vector<const Observation*>& observations);

}  // namespace archex::opt
