#pragma once
// The largest hardware the cost models compute with: MAC lanes, PEs, cores and
// the instances of a storage level are 64-bit counts, multiplied with tile
// sizes, capacities and layer dimensions. A template may list any positive
// value, so a design beyond these limits is infeasible with the reason (its
// area, computed with saturating products, stays finite and huge) instead of
// wrapping around to a small or negative count.

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace archex::arch {

inline constexpr std::int64_t kMaxUnits = std::int64_t{1} << 30;     // MACs per cycle, PEs, cores, instances
inline constexpr std::int64_t kMaxCapacity = std::int64_t{1} << 32;  // bytes or words of one memory instance
inline constexpr double kMaxBandwidthGbps = 1e6;                    // GB/s (and words per cycle)

// a * b for a, b >= 0; INT64_MAX when the product does not fit (beyond every limit).
inline std::int64_t saturating_product(std::int64_t a, std::int64_t b) {
  std::int64_t product = 0;
  return __builtin_mul_overflow(a, b, &product) ? std::numeric_limits<std::int64_t>::max() : product;
}

// "<what> = <value>, beyond the cost models' limit of <limit>", or "" when
// value <= limit. Called on every evaluation: allocates only for a violation.
std::string limit_violation(std::string_view what, double value, double limit);

}  // namespace archex::arch
