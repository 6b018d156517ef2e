#include "experiments/transfer_gain.h"

#include <random>
#include <stdexcept>

#include "experiments/curves.h"

namespace archex::exp {
namespace {

double ratio(double with_priors, double without, bool maximize) {
  return maximize ? with_priors / without : without / with_priors;
}

std::vector<double> resample(const std::vector<double>& values, std::mt19937_64& rng) {
  std::uniform_int_distribution<std::size_t> pick(0, values.size() - 1);
  std::vector<double> out(values.size());
  for (double& v : out) v = values[pick(rng)];
  return out;
}

}  // namespace

TransferGain transfer_gain(const std::vector<double>& with_priors, const std::vector<double>& without, bool maximize) {
  if (with_priors.empty() || without.empty()) throw std::invalid_argument("transfer_gain: a series has no final best");
  TransferGain g;
  g.gain = ratio(quantile(with_priors, 0.5), quantile(without, 0.5), maximize);
  constexpr int kResamples = 2000;
  std::mt19937_64 rng(20230101);  // fixed: the report is reproducible
  std::vector<double> gains;
  gains.reserve(kResamples);
  for (int i = 0; i < kResamples; ++i)
    gains.push_back(ratio(quantile(resample(with_priors, rng), 0.5), quantile(resample(without, rng), 0.5), maximize));
  g.low = quantile(gains, 0.025);
  g.high = quantile(gains, 0.975);
  return g;
}

}  // namespace archex::exp
