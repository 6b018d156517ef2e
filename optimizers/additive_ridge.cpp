#include "optimizers/additive_ridge.h"

#include <Eigen/Cholesky>

namespace archex::opt {

AdditiveRidge::AdditiveRidge(const SearchSpace& space, double ridge) : ridge_(ridge) {
  for (std::size_t d = 0; d < space.dimensions(); ++d) {
    offset_.push_back(size_);
    size_ += space.cardinality(d);
  }
  coefficients_ = Eigen::VectorXd::Zero(size_);
}

void AdditiveRidge::fit(const std::vector<Point>& points, const Eigen::VectorXd& y,
                        const Eigen::VectorXd& row_weights) {
  // Normal equations built from the one-hot structure directly: each row
  // touches one column per parameter plus the intercept (column 0).
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(size_, size_);
  Eigen::VectorXd b = Eigen::VectorXd::Zero(size_);
  std::vector<int> cols(offset_.size() + 1);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double w = row_weights[i];
    if (w == 0) continue;
    cols[0] = 0;
    for (std::size_t d = 0; d < offset_.size(); ++d) cols[d + 1] = offset_[d] + points[i][d];
    for (int r : cols) {
      b[r] += w * y[i];
      for (int c : cols) a(r, c) += w;
    }
  }
  a.diagonal().tail(size_ - 1).array() += ridge_;
  a(0, 0) += 1e-9;  // keeps the system definite without data
  coefficients_ = a.ldlt().solve(b);
}

Eigen::VectorXd AdditiveRidge::predict(const std::vector<Point>& points) const {
  Eigen::VectorXd out(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    double v = coefficients_[0];
    for (std::size_t d = 0; d < offset_.size(); ++d) v += coefficients_[offset_[d] + points[i][d]];
    out[i] = v;
  }
  return out;
}

}  // namespace archex::opt
