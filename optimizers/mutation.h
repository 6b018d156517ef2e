#pragma once
// Variation operators on points, shared by the evolutionary optimizer and by
// the evolutionary acquisition search of the model-based ones.

#include "optimizers/optimizer.h"

namespace archex::opt {

// Changes each parameter with probability `rate` (at least one parameter
// always changes when any parameter has two or more values). Ordinal
// parameters move by a small signed step (1 with probability 1/2, 2 with 1/4,
// ...: a geometric step, so neighbours are favoured but long jumps stay
// possible); categorical ones jump to a uniformly chosen other value.
Point mutate(const SearchSpace& space, const Point& parent, double rate, Rng& rng);

// Uniform crossover: each parameter taken from `a` or `b` with probability 1/2.
Point crossover(const Point& a, const Point& b, Rng& rng);

}  // namespace archex::opt
