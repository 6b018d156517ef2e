#include "optimizers/pareto.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace archex::opt {

bool dominates(const Objectives& a, const Objectives& b) {
  bool strictly = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] > b[i]) return false;
    strictly = strictly || a[i] < b[i];
  }
  return strictly;
}

std::vector<std::size_t> pareto_front(const std::vector<Objectives>& points) {
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < points.size(); ++i) {
    bool dominated = false;
    for (std::size_t j = 0; j < points.size() && !dominated; ++j) dominated = j != i && dominates(points[j], points[i]);
    if (!dominated) front.push_back(i);
  }
  return front;
}

std::vector<int> non_dominated_ranks(const std::vector<Objectives>& points) {
  const std::size_t n = points.size();
  std::vector<int> rank(n, 0), dominated_by(n, 0);
  std::vector<std::vector<std::size_t>> dominates_list(n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      if (dominates(points[i], points[j])) {
        dominates_list[i].push_back(j);
        ++dominated_by[j];
      } else if (dominates(points[j], points[i])) {
        dominates_list[j].push_back(i);
        ++dominated_by[i];
      }
    }
  std::vector<std::size_t> current;
  for (std::size_t i = 0; i < n; ++i)
    if (dominated_by[i] == 0) current.push_back(i);
  for (int front = 0; !current.empty(); ++front) {
    std::vector<std::size_t> next;
    for (auto i : current) {
      rank[i] = front;
      for (auto j : dominates_list[i])
        if (--dominated_by[j] == 0) next.push_back(j);
    }
    current = std::move(next);
  }
  return rank;
}

std::vector<double> crowding_distances(const std::vector<Objectives>& points, const std::vector<std::size_t>& members) {
  const std::size_t m = members.size();
  std::vector<double> distance(m, 0.0);
  if (m == 0) return distance;
  const std::size_t objectives = points[members.front()].size();
  std::vector<std::size_t> order(m);
  for (std::size_t k = 0; k < objectives; ++k) {
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return points[members[a]][k] < points[members[b]][k]; });
    const double lo = points[members[order.front()]][k], hi = points[members[order.back()]][k];
    distance[order.front()] = distance[order.back()] = std::numeric_limits<double>::infinity();
    if (!(hi > lo)) continue;
    for (std::size_t i = 1; i + 1 < m; ++i)
      distance[order[i]] += (points[members[order[i + 1]]][k] - points[members[order[i - 1]]][k]) / (hi - lo);
  }
  return distance;
}

namespace {

// Hypervolume of points that all dominate `reference`, in the first `d` objectives.
double volume(std::vector<Objectives> points, const Objectives& reference, std::size_t d) {
  if (points.empty()) return 0.0;
  if (d == 1) {
    double best = reference[0];
    for (const auto& p : points) best = std::min(best, p[0]);
    return reference[0] - best;
  }
  if (d == 2) {
    std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a[0] < b[0]; });
    double total = 0.0, floor = reference[1];
    for (const auto& p : points)
      if (p[1] < floor) {
        total += (reference[0] - p[0]) * (floor - p[1]);
        floor = p[1];
      }
    return total;
  }
  // Slice along objective d-1: between consecutive values the dominated
  // region is that of the points at or below the slice, in d-1 objectives.
  const std::size_t k = d - 1;
  std::sort(points.begin(), points.end(), [k](const auto& a, const auto& b) { return a[k] < b[k]; });
  double total = 0.0;
  std::vector<Objectives> below;  // projections of the points up to this slice, non-dominated
  for (std::size_t i = 0; i < points.size(); ++i) {
    below.emplace_back(points[i].begin(), points[i].begin() + static_cast<std::ptrdiff_t>(k));
    const double top = i + 1 < points.size() ? points[i + 1][k] : reference[k];
    if (!(top > points[i][k])) continue;
    // A projection dominated now stays dominated as the slice grows: drop it.
    std::vector<Objectives> front;
    for (auto j : pareto_front(below)) front.push_back(below[j]);
    below = front;
    total += volume(std::move(front), reference, k) * (top - points[i][k]);
  }
  return total;
}

}  // namespace

double hypervolume(const std::vector<Objectives>& points, const Objectives& reference) {
  std::vector<Objectives> inside;
  for (const auto& p : points) {
    bool dominates_reference = p.size() == reference.size();
    for (std::size_t i = 0; i < p.size() && dominates_reference; ++i) dominates_reference = p[i] < reference[i];
    if (dominates_reference) inside.push_back(p);
  }
  return volume(std::move(inside), reference, reference.size());
}

}  // namespace archex::opt
