#include "optimizers/random_utils.h"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace archex::opt {

int uniform_index(Rng& rng, int n) {
  if (n <= 0) throw std::logic_error("uniform_index: n must be positive");
  const auto range = static_cast<std::uint64_t>(n);
  // Reject the low tail so that every residue is equally likely.
  const std::uint64_t threshold = (0 - range) % range;
  while (true) {
    const std::uint64_t x = rng();
    const unsigned __int128 m = static_cast<unsigned __int128>(x) * range;
    if (static_cast<std::uint64_t>(m) >= threshold) return static_cast<int>(m >> 64);
  }
}

double uniform01(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

double standard_normal(Rng& rng) {
  const double u1 = 1.0 - uniform01(rng);  // (0, 1]: log is finite
  const double u2 = uniform01(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

Point random_point(const SearchSpace& space, Rng& rng) {
  Point p(space.dimensions());
  for (std::size_t d = 0; d < p.size(); ++d) p[d] = uniform_index(rng, space.cardinality(d));
  return p;
}

int weighted_index(Rng& rng, const std::vector<double>& weights) {
  double total = 0;
  for (double w : weights) total += w;
  if (!(total > 0)) throw std::logic_error("weighted_index: weights must have a positive sum");
  double r = uniform01(rng) * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (r < weights[i]) return static_cast<int>(i);
    r -= weights[i];
  }
  // Rounding can leave r just above the last weight: take the last positive one.
  for (std::size_t i = weights.size(); i-- > 0;)
    if (weights[i] > 0) return static_cast<int>(i);
  return 0;
}

void shuffle_indices(Rng& rng, std::vector<int>& v) {
  for (int i = static_cast<int>(v.size()) - 1; i > 0; --i) std::swap(v[i], v[uniform_index(rng, i + 1)]);
}

}  // namespace archex::opt
