#include "optimizers/training_subset.h"

#include <algorithm>
#include <numeric>

#include "optimizers/random_utils.h"

namespace archex::opt {

std::vector<int> training_subset(const std::vector<double>& labels, int cap, Rng& rng) {
  const int n = static_cast<int>(labels.size());
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  if (n <= cap) return order;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return labels[a] > labels[b]; });
  const int best = cap / 2;
  std::vector<int> chosen(order.begin(), order.begin() + best);
  std::vector<int> rest(order.begin() + best, order.end());
  std::sort(rest.begin(), rest.end());  // random choice independent of label ties
  for (int i = 0; i < cap - best; ++i) {  // partial Fisher-Yates
    const int j = i + uniform_index(rng, static_cast<int>(rest.size()) - i);
    std::swap(rest[i], rest[j]);
    chosen.push_back(rest[i]);
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

}  // namespace archex::opt
