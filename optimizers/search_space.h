#pragma once
// A generic discrete search space: named parameters, each an ordered list of
// values. Optimizers see only this; they know nothing about accelerators.

#include <cstdint>
#include <string>
#include <vector>

namespace archex::opt {

struct Parameter {
  std::string name;
  std::vector<double> values;  // in order; a point stores an index into this list
  bool ordinal = true;         // false: categorical (no meaningful order between values)
};

// A point: for each parameter, the index of its value.
using Point = std::vector<int>;

class SearchSpace {
 public:
  SearchSpace() = default;
  explicit SearchSpace(std::vector<Parameter> parameters) : parameters_(std::move(parameters)) {}

  const std::vector<Parameter>& parameters() const { return parameters_; }
  std::size_t dimensions() const { return parameters_.size(); }
  int cardinality(std::size_t dim) const { return static_cast<int>(parameters_[dim].values.size()); }
  // Number of points, as a double (it can exceed 2^63 for large spaces).
  double size() const {
    double n = 1;
    for (const auto& p : parameters_) n *= static_cast<double>(p.values.size());
    return n;
  }
  bool contains(const Point& p) const {
    if (p.size() != parameters_.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
      if (p[i] < 0 || p[i] >= cardinality(i)) return false;
    return true;
  }

 private:
  std::vector<Parameter> parameters_;
};

}  // namespace archex::opt
