#pragma once
// OSS Vizier's trust region for acquisition optimisation: candidates must lie
// within an L-infinity ball around some observed point, in features scaled to
// [0, 1] (one-hot distances capped at the radius, so categorical values stay
// free). The radius grows with the number of observations:
//   radius = 0.2 + 0.3 * n / (5 * (parameters + 1)),
// and the region is dropped once it reaches 0.5 (covers the whole cube).

#include <Eigen/Core>

#include "optimizers/feature_encoder.h"

namespace archex::opt {

class TrustRegion {
 public:
  TrustRegion(Eigen::MatrixXd trusted, const FeatureEncoder& encoder);

  bool active() const { return active_; }
  double radius() const { return radius_; }
  // L-infinity distance from x (a feature row) to the nearest trusted point.
  double distance(const Eigen::Ref<const Eigen::RowVectorXd>& x) const;
  // Acquisition value outside the region: hugely negative, but still
  // decreasing with the distance so a search can climb back in.
  static double outside_score(double distance) { return -1e12 - distance; }

 private:
  Eigen::MatrixXd trusted_;
  Eigen::RowVectorXd cap_;  // per feature: radius for one-hot features, infinity otherwise
  double radius_ = 0;
  bool active_ = false;
};

}  // namespace archex::opt
