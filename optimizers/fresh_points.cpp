#include "optimizers/fresh_points.h"

#include "optimizers/random_utils.h"

namespace archex::opt {

namespace {
// Rejection sampling gives up after this many draws (then the space is at
// least ~90% taken with overwhelming probability) ...
constexpr int kRejectionAttempts = 64;
// ... and falls back to enumerating the untaken points if there are at most
// this many points in total.
constexpr double kMaxEnumeratedSpace = 1 << 22;
}  // namespace

TakenPoints::TakenPoints(const SearchSpace& space, const History& history)
    : space_(space), observed_(history.observed) {
  if (!observed_) {
    for (const auto& o : history.priors) taken_.insert(o.point);
    for (const auto& o : history.trials) taken_.insert(o.point);
  }
  for (const auto& p : history.pending) add(p);
}

Point TakenPoints::random_fresh(Rng& rng) const {
  for (int attempt = 0; attempt < kRejectionAttempts; ++attempt) {
    Point p = random_point(space_, rng);
    if (!contains(p)) return p;
  }
  if (exhausted() || space_.size() > kMaxEnumeratedSpace) return random_point(space_, rng);
  // Nearly full small space: pick uniformly among the untaken points.
  std::vector<Point> untaken;
  Point p(space_.dimensions(), 0);
  while (true) {
    if (!contains(p)) untaken.push_back(p);
    std::size_t d = 0;  // mixed-radix increment
    while (d < p.size() && ++p[d] == space_.cardinality(d)) p[d++] = 0;
    if (d == p.size()) break;
  }
  return untaken[uniform_index(rng, static_cast<int>(untaken.size()))];
}

}  // namespace archex::opt
