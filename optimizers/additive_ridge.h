#pragma once
// The cheap member of the MBO ensemble: an additive model
//   y ~ b + sum_d w_d[value index of parameter d],
// i.e. ridge regression on a one-hot encoding of every parameter (ordinal
// ones too, so any separable function is representable). Fits in
// microseconds, and on nearly separable objectives it beats the MLPs when
// there are few trials.

#include <vector>

#include <Eigen/Core>

#include "optimizers/optimizer.h"

namespace archex::opt {

class AdditiveRidge {
 public:
  AdditiveRidge(const SearchSpace& space, double ridge);

  // Weighted least squares with an L2 penalty `ridge` on the per-value weights
  // (not on the intercept). Rows with weight 0 are ignored.
  void fit(const std::vector<Point>& points, const Eigen::VectorXd& y, const Eigen::VectorXd& row_weights);
  Eigen::VectorXd predict(const std::vector<Point>& points) const;

 private:
  std::vector<int> offset_;  // first coefficient of each parameter (after the intercept)
  int size_ = 1;
  double ridge_;
  Eigen::VectorXd coefficients_;
};

}  // namespace archex::opt
