#include "experiments/curves.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace archex::exp {

std::vector<std::optional<double>> best_so_far(const std::vector<CurvePoint>& trials, bool maximize) {
  std::vector<std::optional<double>> curve;
  curve.reserve(trials.size());
  std::optional<double> best;
  for (const auto& t : trials) {
    if (t.feasible && std::isfinite(t.objective)) {
      if (!best || (maximize ? t.objective > *best : t.objective < *best)) best = t.objective;
    }
    curve.push_back(best);
  }
  return curve;
}

double quantile(std::vector<double> values, double q) {
  if (values.empty()) throw std::invalid_argument("quantile of an empty set");
  std::sort(values.begin(), values.end());
  const double pos = q * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, values.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  return values[lo] + frac * (values[hi] - values[lo]);
}

MeanStd mean_std(const std::vector<double>& values) {
  MeanStd r;
  if (values.empty()) return r;
  r.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  if (values.size() > 1) {
    double ss = 0.0;
    for (double v : values) ss += (v - r.mean) * (v - r.mean);
    r.std = std::sqrt(ss / static_cast<double>(values.size() - 1));
  }
  return r;
}

std::vector<BandPoint> aggregate_over_seeds(const std::vector<std::vector<std::optional<double>>>& curves) {
  std::vector<BandPoint> band;
  if (curves.empty()) return band;
  std::size_t length = curves.front().size();
  for (const auto& c : curves) length = std::min(length, c.size());
  std::vector<double> at;
  at.reserve(curves.size());
  for (std::size_t i = 0; i < length; ++i) {
    at.clear();
    for (const auto& c : curves)
      if (c[i]) at.push_back(*c[i]);
    if (at.empty()) continue;
    BandPoint p;
    p.trial = i + 1;
    p.seeds = at.size();
    p.mean = mean_std(at).mean;
    p.median = quantile(at, 0.5);
    p.q25 = quantile(at, 0.25);
    p.q75 = quantile(at, 0.75);
    band.push_back(p);
  }
  return band;
}

std::optional<std::size_t> trials_to_reach(const std::vector<std::optional<double>>& curve, double target,
                                           double fraction, bool maximize) {
  for (std::size_t i = 0; i < curve.size(); ++i) {
    if (!curve[i]) continue;
    const bool reached = maximize ? *curve[i] >= fraction * target : *curve[i] * fraction <= target;
    if (reached) return i + 1;
  }
  return std::nullopt;
}

}  // namespace archex::exp
