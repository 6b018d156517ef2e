#pragma once
// Transfer gain with its uncertainty: how much better a series with priors
// ends than the same optimizer without them (ratio of median final bests,
// > 1 when the priors help), with a 95 % percentile-bootstrap interval over
// seeds (Efron & Tibshirani 1993, ch. 13: resample each series' seeds with
// replacement). Negative transfer is flagged when the whole interval is
// below 1: the priors made it worse beyond seed-to-seed noise.

#include <optional>
#include <vector>

namespace archex::exp {

struct TransferGain {
  double gain = 1.0;
  double low = 1.0, high = 1.0;  // 95 % interval
  bool negative() const { return high < 1.0; }
};

// `with_priors` and `without` are final bests per seed (not empty).
// Deterministic: the resampling uses a fixed seed.
TransferGain transfer_gain(const std::vector<double>& with_priors, const std::vector<double>& without, bool maximize);

}  // namespace archex::exp
