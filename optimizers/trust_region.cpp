#include "optimizers/trust_region.h"

#include <limits>

namespace archex::opt {

namespace {
// Vizier's hyper-parameters (acquisitions.py, TrustRegion).
constexpr double kMinRadius = 0.2;
constexpr double kDimensionFactor = 5.0;
constexpr double kFullRadius = 0.5;
}  // namespace

TrustRegion::TrustRegion(Eigen::MatrixXd trusted, const FeatureEncoder& encoder) : trusted_(std::move(trusted)) {
  const double level =
      static_cast<double>(trusted_.rows()) / (kDimensionFactor * (encoder.num_parameters() + 1));
  radius_ = kMinRadius + (kFullRadius - kMinRadius) * level;
  active_ = trusted_.rows() > 0 && radius_ < kFullRadius;
  cap_.resize(encoder.num_features());
  for (int f = 0; f < encoder.num_features(); ++f)
    cap_[f] = encoder.is_one_hot(f) ? radius_ : std::numeric_limits<double>::infinity();
}

double TrustRegion::distance(const Eigen::Ref<const Eigen::RowVectorXd>& x) const {
  double best = std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i < trusted_.rows(); ++i) {
    const double d = (trusted_.row(i) - x).cwiseAbs().cwiseMin(cap_).maxCoeff();
    best = std::min(best, d);
  }
  return best;
}

}  // namespace archex::opt
