#pragma once
// Turns points into real feature vectors for the surrogate models: an ordinal
// parameter becomes its index scaled to [0, 1]; a categorical one becomes a
// one-hot block (so no order is invented between its values). Every feature
// remembers the parameter it came from, for per-parameter (ARD) length scales
// and trust-region distances.

#include <vector>

#include <Eigen/Core>

#include "optimizers/optimizer.h"

namespace archex::opt {

class FeatureEncoder {
 public:
  explicit FeatureEncoder(const SearchSpace& space);

  int num_features() const { return static_cast<int>(parameter_of_feature_.size()); }
  int num_parameters() const { return num_parameters_; }
  // Parameter that feature f encodes.
  int parameter_of(int f) const { return parameter_of_feature_[f]; }
  bool is_one_hot(int f) const { return one_hot_[f]; }

  void encode(const Point& p, double* out) const;
  // One row per point.
  Eigen::MatrixXd encode(const std::vector<Point>& points) const;

 private:
  std::vector<int> cardinality_;    // per parameter
  std::vector<bool> ordinal_;       // per parameter
  std::vector<int> first_feature_;  // per parameter
  std::vector<int> parameter_of_feature_;
  std::vector<bool> one_hot_;
  int num_parameters_ = 0;
};

}  // namespace archex::opt
