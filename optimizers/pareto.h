#pragma once
// Pareto dominance, non-dominated sorting, crowding distance and the
// hypervolume, for vectors of objective values that are all minimised.
// Generic: the optimizers, the study reports and the comparison plots share it.

#include <cstddef>
#include <vector>

namespace archex::opt {

using Objectives = std::vector<double>;  // one value per objective, minimised

// a is no worse than b in every objective and better in one.
bool dominates(const Objectives& a, const Objectives& b);

// Indices of the points no other point dominates, in input order (duplicates
// of a non-dominated point are all kept).
std::vector<std::size_t> pareto_front(const std::vector<Objectives>& points);

// Non-dominated sorting (Deb et al. 2002, NSGA-II): the front index of every
// point, 0 for the Pareto front, 1 for the front once that one is removed...
std::vector<int> non_dominated_ranks(const std::vector<Objectives>& points);

// NSGA-II crowding distance of each point of `members` (indices into
// `points`, one front) within that front; boundary points get infinity.
std::vector<double> crowding_distances(const std::vector<Objectives>& points, const std::vector<std::size_t>& members);

// Volume of the region dominated by `points` and bounded by `reference`
// (points that do not dominate the reference contribute nothing). Exact,
// by slicing along the last objective (While et al. 2006, HSO); fine for the
// few objectives and the fronts of a study.
double hypervolume(const std::vector<Objectives>& points, const Objectives& reference);

}  // namespace archex::opt
