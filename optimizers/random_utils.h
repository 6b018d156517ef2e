#pragma once
// Random draws built directly on the raw 64-bit stream. The standard
// distributions are implementation-defined (libstdc++ and libc++ give
// different numbers), so using them would tie suggestion sequences to one
// standard library; these helpers give the same numbers everywhere.

#include <cstdint>
#include <vector>

#include "optimizers/optimizer.h"

namespace archex::opt {

// Uniform integer in [0, n), n >= 1 (Lemire's multiply-and-reject).
int uniform_index(Rng& rng, int n);
// Uniform double in [0, 1) with 53 random bits.
double uniform01(Rng& rng);
// Standard normal draw (Box–Muller, one of the pair is discarded for simplicity).
double standard_normal(Rng& rng);
// Each parameter's index drawn uniformly.
Point random_point(const SearchSpace& space, Rng& rng);
// Index drawn with probability proportional to weights (all >= 0, sum > 0).
int weighted_index(Rng& rng, const std::vector<double>& weights);
// Fisher–Yates shuffle of v.
void shuffle_indices(Rng& rng, std::vector<int>& v);

}  // namespace archex::opt
