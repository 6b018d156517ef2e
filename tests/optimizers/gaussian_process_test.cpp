#include <gtest/gtest.h>

#include <cmath>

#include "optimizers/feature_encoder.h"
#include "optimizers/gaussian_process.h"
#include "optimizers/random_utils.h"
#include "optimizers/stacked_gp.h"

namespace archex::opt {
namespace {

// Two ordinal parameters and one categorical with three values: 5 features.
SearchSpace mixed_space() {
  return SearchSpace({{"a", {1, 2, 3, 4, 5, 6}, true}, {"b", {0, 1, 2, 3}, true}, {"c", {0, 1, 2}, false}});
}

KernelLayout layout_of(const FeatureEncoder& e) {
  KernelLayout l;
  l.num_parameters = e.num_parameters();
  for (int f = 0; f < e.num_features(); ++f) l.parameter_of_feature.push_back(e.parameter_of(f));
  return l;
}

TEST(FeatureEncoder, ScalesOrdinalsAndOneHotsCategoricals) {
  const SearchSpace space = mixed_space();
  const FeatureEncoder e(space);
  ASSERT_EQ(e.num_features(), 5);
  const Eigen::MatrixXd x = e.encode(std::vector<Point>{{0, 3, 1}, {5, 1, 2}});
  EXPECT_DOUBLE_EQ(x(0, 0), 0.0);
  EXPECT_DOUBLE_EQ(x(0, 1), 1.0);
  EXPECT_DOUBLE_EQ(x(1, 0), 1.0);
  EXPECT_DOUBLE_EQ(x(1, 1), 1.0 / 3.0);
  EXPECT_EQ((Eigen::RowVector3d(x.row(0).tail(3))), Eigen::RowVector3d(0, 1, 0));
  EXPECT_EQ((Eigen::RowVector3d(x.row(1).tail(3))), Eigen::RowVector3d(0, 0, 1));
  EXPECT_EQ(e.parameter_of(4), 2);
  EXPECT_TRUE(e.is_one_hot(2));
  EXPECT_FALSE(e.is_one_hot(1));
}

TEST(GaussianProcess, Matern52MatchesItsClosedForm) {
  EXPECT_DOUBLE_EQ(matern52(0.0), 1.0);
  const double r = 0.7, s = std::sqrt(5.0) * r;
  EXPECT_NEAR(matern52(r), (1 + s + s * s / 3) * std::exp(-s), 1e-15);
}

TEST(GaussianProcess, FitObjectiveGradientMatchesFiniteDifferences) {
  const SearchSpace space = mixed_space();
  const FeatureEncoder e(space);
  Rng rng(4);
  std::vector<Point> pts;
  for (int i = 0; i < 25; ++i) pts.push_back(random_point(space, rng));
  const Eigen::MatrixXd x = e.encode(pts);
  Eigen::VectorXd y(25);
  for (int i = 0; i < 25; ++i) y[i] = std::sin(3 * x(i, 0)) + x(i, 1) * x(i, 1) + 0.5 * x(i, 3);
  y.array() -= y.mean();
  const std::vector<double> theta = {-0.3, 0.2, -1.0, 0.4, -4.0};
  double cost = 0;
  std::vector<double> grad;
  ASSERT_TRUE(gp_fit_objective(x, y, layout_of(e), theta, &cost, &grad));
  for (std::size_t k = 0; k < theta.size(); ++k) {
    const double h = 1e-5;
    auto plus = theta, minus = theta;
    plus[k] += h;
    minus[k] -= h;
    double cp = 0, cm = 0;
    ASSERT_TRUE(gp_fit_objective(x, y, layout_of(e), plus, &cp, nullptr));
    ASSERT_TRUE(gp_fit_objective(x, y, layout_of(e), minus, &cm, nullptr));
    const double numeric = (cp - cm) / (2 * h);
    EXPECT_NEAR(grad[k], numeric, 1e-5 * std::max(1.0, std::abs(numeric))) << "parameter " << k;
  }
}

TEST(GaussianProcess, FittedLengthScalesIgnoreAnIrrelevantParameter) {
  const SearchSpace space({{"a", {0, 1, 2, 3, 4, 5, 6, 7}, true}, {"b", {0, 1, 2, 3, 4, 5, 6, 7}, true}});
  const FeatureEncoder e(space);
  Rng rng(9);
  std::vector<Point> pts;
  for (int i = 0; i < 40; ++i) pts.push_back(random_point(space, rng));
  const Eigen::MatrixXd x = e.encode(pts);
  Eigen::VectorXd y = (3.0 * x.col(0)).array().sin();  // b does not matter
  y.array() -= y.mean();
  const GpHyperparameters h = fit_gp_hyperparameters(x, y, layout_of(e), {}, rng);
  EXPECT_GT(h.log_lengthscales[1], h.log_lengthscales[0] + 1.0);  // e^1: b's scale much longer
  EXPECT_LT(std::exp(h.log_noise), 1e-2);  // noiseless data
}

TEST(GaussianProcess, InterpolatesDataAndRevertsToThePriorFarAway) {
  const SearchSpace space({{"a", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, true}});
  const FeatureEncoder e(space);
  const std::vector<Point> pts = {{0}, {1}, {2}, {3}};
  const Eigen::MatrixXd x = e.encode(pts);
  const Eigen::VectorXd y = Eigen::Vector4d(0.0, 1.0, 0.5, -0.5);
  GpHyperparameters h;
  h.log_lengthscales = Eigen::VectorXd::Constant(1, std::log(0.1));
  h.log_noise = std::log(1e-8);
  const GaussianProcess gp(x, y, layout_of(e), h);
  const auto at_data = gp.predict(x);
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(at_data.mean[i], y[i], 1e-4);
    EXPECT_LT(at_data.variance[i], 1e-4);
  }
  const auto far = gp.predict(e.encode(std::vector<Point>{{10}}));
  EXPECT_NEAR(far.mean[0], y.mean(), 1e-3);            // the label mean
  EXPECT_NEAR(far.variance[0], gp.signal_variance(), 1e-3);
}

TEST(StackedGp, ResidualLevelCorrectsAShiftedPrior) {
  // Prior study: f. This study: f + 1 on a few points. The stacked mean must
  // follow the prior's shape and this study's offset.
  const SearchSpace space({{"a", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, true}, {"b", {0, 1, 2, 3, 4}, true}});
  const FeatureEncoder e(space);
  auto f = [](const Point& p) { return std::sin(0.6 * p[0]) + 0.3 * p[1]; };
  std::vector<Point> prior_pts, trial_pts;
  for (int a = 0; a < 10; ++a)
    for (int b = 0; b < 5; ++b) prior_pts.push_back({a, b});
  trial_pts = {{1, 1}, {4, 3}, {7, 0}, {8, 4}, {2, 2}, {5, 1}};
  Eigen::VectorXd prior_y(prior_pts.size()), trial_y(trial_pts.size());
  for (std::size_t i = 0; i < prior_pts.size(); ++i) prior_y[i] = f(prior_pts[i]);
  for (std::size_t i = 0; i < trial_pts.size(); ++i) trial_y[i] = f(trial_pts[i]) + 1.0;
  StackedGp stack(layout_of(e), {});
  Rng rng(3);
  stack.add_level(e.encode(prior_pts), prior_y, rng);
  stack.add_level(e.encode(trial_pts), trial_y, rng);
  const std::vector<Point> probe = {{3, 2}, {6, 4}, {9, 1}};
  const auto post = stack.posterior(e.encode(probe));
  for (std::size_t i = 0; i < probe.size(); ++i) EXPECT_NEAR(post.mean()[i], f(probe[i]) + 1.0, 0.15);
}

TEST(StackedGp, FantasiesShrinkTheVarianceNearTheFantasisedPoint) {
  const SearchSpace space({{"a", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, true}});
  const FeatureEncoder e(space);
  StackedGp stack(layout_of(e), {});
  Rng rng(1);
  const std::vector<Point> data = {{0}, {9}};
  stack.add_level(e.encode(data), Eigen::Vector2d(0.0, 1.0), rng);
  const std::vector<Point> candidates = {{4}, {5}, {8}};
  auto post = stack.posterior(e.encode(candidates), true);
  const Eigen::VectorXd before = post.sd();
  post.add_fantasy(0);
  const Eigen::VectorXd after = post.sd();
  EXPECT_LT(after[0], 0.1 * before[0]);  // the fantasy itself: (almost) known now
  EXPECT_LT(after[1], before[1]);        // its neighbour: less uncertain
  EXPECT_LT(before[2] - after[2], before[1] - after[1]);  // farther away: less affected
}

}  // namespace
}  // namespace archex::opt
