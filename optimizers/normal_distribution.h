#pragma once
// Standard normal density, distribution and quantile functions.

#include <cmath>
#include <numbers>

namespace archex::opt {

inline double normal_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi); }

inline double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

// Inverse of normal_cdf for p in (0, 1): Acklam's rational approximation
// (relative error < 1.2e-9), more than enough for rank warping.
double normal_quantile(double p);

}  // namespace archex::opt
