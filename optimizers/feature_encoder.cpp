#include "optimizers/feature_encoder.h"

namespace archex::opt {

FeatureEncoder::FeatureEncoder(const SearchSpace& space)
    : num_parameters_(static_cast<int>(space.dimensions())) {
  for (int d = 0; d < num_parameters_; ++d) {
    first_feature_.push_back(num_features());
    const auto& param = space.parameters()[d];
    cardinality_.push_back(static_cast<int>(param.values.size()));
    ordinal_.push_back(param.ordinal);
    const int width = param.ordinal ? 1 : static_cast<int>(param.values.size());
    for (int i = 0; i < width; ++i) {
      parameter_of_feature_.push_back(d);
      one_hot_.push_back(!param.ordinal);
    }
  }
}

void FeatureEncoder::encode(const Point& p, double* out) const {
  for (int d = 0; d < num_parameters_; ++d) {
    double* f = out + first_feature_[d];
    const int n = cardinality_[d];
    if (ordinal_[d]) {
      f[0] = n > 1 ? static_cast<double>(p[d]) / (n - 1) : 0.0;
    } else {
      for (int i = 0; i < n; ++i) f[i] = i == p[d] ? 1.0 : 0.0;
    }
  }
}

Eigen::MatrixXd FeatureEncoder::encode(const std::vector<Point>& points) const {
  // Row-major scratch, then copy: Eigen's default is column-major.
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> m(points.size(), num_features());
  for (std::size_t i = 0; i < points.size(); ++i) encode(points[i], m.row(i).data());
  return m;
}

}  // namespace archex::opt
