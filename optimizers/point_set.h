#pragma once
// Hash set of points, used to avoid proposing a point twice.

#include <cstddef>
#include <cstdint>
#include <unordered_set>

#include "optimizers/search_space.h"

namespace archex::opt {

struct PointHash {
  std::size_t operator()(const Point& p) const noexcept {
    // FNV-1a over the indices: points are short, collisions only cost a compare.
    std::uint64_t h = 1469598103934665603ull;
    for (int v : p) {
      h ^= static_cast<std::uint32_t>(v);
      h *= 1099511628211ull;
    }
    return static_cast<std::size_t>(h);
  }
};

using PointSet = std::unordered_set<Point, PointHash>;

}  // namespace archex::opt
