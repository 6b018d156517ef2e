#include <gtest/gtest.h>

#include <cmath>

#include "optimizers/additive_ridge.h"
#include "optimizers/ensemble_surrogate.h"
#include "optimizers/feasibility_classifier.h"
#include "optimizers/feature_encoder.h"
#include "optimizers/mlp_ensemble.h"
#include "optimizers/random_utils.h"
#include "optimizers/registry.h"
#include "tests/optimizers/synthetic_problems.h"

namespace archex::opt {
namespace {

SearchSpace grid(int dims, int values) {
  std::vector<Parameter> params;
  for (int d = 0; d < dims; ++d) {
    Parameter p{std::string("x").append(std::to_string(d)), {}, true};
    for (int v = 0; v < values; ++v) p.values.push_back(v);
    params.push_back(p);
  }
  return SearchSpace(params);
}

std::vector<Point> sample(const SearchSpace& space, int n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<Point> out;
  for (int i = 0; i < n; ++i) out.push_back(random_point(space, rng));
  return out;
}

TEST(AdditiveRidge, RecoversASeparableFunction) {
  const SearchSpace space = grid(4, 5);
  auto f = [](const Point& p) { return 2.0 * p[0] - p[1] * p[1] * 0.5 + (p[2] == 3 ? 1.5 : 0.0) + 0.1 * p[3]; };
  const auto train = sample(space, 120, 1);
  Eigen::VectorXd y(train.size());
  for (std::size_t i = 0; i < train.size(); ++i) y[i] = f(train[i]);
  AdditiveRidge model(space, 1e-6);
  model.fit(train, y, Eigen::VectorXd::Ones(train.size()));
  const auto test = sample(space, 30, 2);
  const Eigen::VectorXd p = model.predict(test);
  for (std::size_t i = 0; i < test.size(); ++i) EXPECT_NEAR(p[i], f(test[i]), 1e-4);
}

TEST(AdditiveRidge, ZeroWeightRowsAreIgnored) {
  const SearchSpace space = grid(2, 3);
  const std::vector<Point> pts = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {1, 0}};
  const Eigen::VectorXd y = (Eigen::VectorXd(5) << 0, 2, 4, 1, 1).finished();
  Eigen::VectorXd w = Eigen::VectorXd::Ones(5);
  AdditiveRidge a(space, 1e-6), b(space, 1e-6);
  a.fit(pts, y, w);
  Eigen::VectorXd y_bad = y;
  y_bad[4] = 100;  // an outlier that carries no weight
  w[4] = 0;
  b.fit(pts, y_bad, w);
  EXPECT_NEAR(b.predict({{2, 0}})[0], a.predict({{2, 0}})[0], 1e-3);
}

TEST(MlpEnsemble, LearnsASmoothFunctionAndIgnoresZeroWeightRows) {
  const SearchSpace space = grid(2, 10);
  const FeatureEncoder enc(space);
  const auto pts = sample(space, 80, 3);
  const Eigen::MatrixXd x = enc.encode(pts);
  Eigen::VectorXd y = (x.col(0).array() * 3.0).sin() + x.col(1).array().square();
  // Net 0 trains on everything; net 1 never sees the first half, whose labels
  // are corrupted, so only net 0 is pulled towards them.
  Eigen::MatrixXd w = Eigen::MatrixXd::Ones(80, 2);
  Eigen::VectorXd y_train = y;
  for (int i = 0; i < 40; ++i) {
    y_train[i] = 5.0;
    w(i, 1) = 0.0;
  }
  Rng rng(5);
  MlpEnsemble nets(2, enc.num_features(), {}, rng);
  nets.train(x, y_train, w, false, 600);
  const Eigen::MatrixXd p = nets.predict(x.bottomRows(40));
  const Eigen::VectorXd truth = y.tail(40);
  const double mse1 = (p.col(1) - truth).squaredNorm() / 40;
  const double var = (truth.array() - truth.mean()).square().mean();
  EXPECT_LT(mse1, 0.1 * var);                                        // fits the clean half
  EXPECT_GT((p.col(0) - truth).squaredNorm() / 40, 2 * mse1);        // the other net is pulled away
}

TEST(MlpEnsemble, SameRngSameNets) {
  const SearchSpace space = grid(3, 6);
  const FeatureEncoder enc(space);
  const Eigen::MatrixXd x = enc.encode(sample(space, 30, 7));
  const Eigen::VectorXd y = x.rowwise().sum();
  Eigen::MatrixXd a_out, b_out;
  for (Eigen::MatrixXd* out : {&a_out, &b_out}) {
    Rng rng(11);
    MlpEnsemble nets(3, enc.num_features(), {}, rng);
    nets.train(x, y, Eigen::MatrixXd::Ones(30, 3), false, 50);
    *out = nets.predict(x);
  }
  EXPECT_EQ(a_out, b_out);
}

TEST(EnsembleSurrogate, CrossValidationDropsAMemberThatCannotFit) {
  // An interaction (XOR of two halves) no additive model can represent.
  const SearchSpace space = grid(3, 6);
  const auto pts = sample(space, 150, 13);
  Eigen::VectorXd y(pts.size());
  for (std::size_t i = 0; i < pts.size(); ++i) y[i] = ((pts[i][0] >= 3) != (pts[i][1] >= 3)) ? 1.0 : -1.0;
  EnsembleOptions options;
  options.steps = 400;
  EnsembleSurrogate s(space, options);
  Rng rng(2);
  s.fit(pts, y, std::vector<bool>(pts.size(), false), rng);
  ASSERT_EQ(s.members().size(), 2u);
  EXPECT_EQ(s.members()[0].type, "mlp");
  EXPECT_TRUE(s.members()[0].kept);
  EXPECT_GT(s.members()[0].cv_r2, 0.5);
  EXPECT_FALSE(s.members()[1].kept) << "linear R^2 " << s.members()[1].cv_r2;
  const auto p = s.predict({{0, 5, 2}, {5, 5, 2}});
  EXPECT_GT(p.mean[0], 0.5);
  EXPECT_LT(p.mean[1], -0.5);
}

TEST(FeasibilityClassifier, SeparatesAFeasibleRegion) {
  const SearchSpace space = grid(3, 8);
  std::vector<Observation> obs;
  for (const auto& p : sample(space, 120, 17)) obs.push_back({p, p[0] + p[1] >= 7, 0.0, "", {}, {}, {}});
  std::vector<const Observation*> ptrs;
  for (const auto& o : obs) ptrs.push_back(&o);
  FeasibilityClassifier classifier(space, {}, 400);
  Rng rng(3);
  classifier.fit(ptrs, 0, 1.0, rng);
  const Eigen::VectorXd p = classifier.probability({{7, 6, 0}, {6, 7, 5}, {0, 1, 3}, {1, 0, 7}});
  EXPECT_GT(p[0], 0.9);
  EXPECT_GT(p[1], 0.9);
  EXPECT_LT(p[2], 0.1);
  EXPECT_LT(p[3], 0.1);
}

TEST(Mbo, LearnsTheObjectiveFromPriorsOverTheNewConstraint) {
  // Priors from a study under a looser budget; most of the good ones are over
  // the tighter budget but carry their measured objective. Learning from
  // those values finds a better design than seeing them as bare failures.
  const auto loose = testing::coupled_problem(1.15);
  const auto tight = testing::coupled_problem(0.85);
  const auto prior_study = testing::run_study("evolution", {}, loose, 300, 10, 101);
  std::vector<Observation> priors;
  int violating = 0;
  for (const auto& t : prior_study.trials) {
    priors.push_back(testing::observe(tight, {t.point, t.proposer}, true));
    violating += priors.back().violating_value.has_value();
  }
  ASSERT_GT(violating, 100);
  const double with_values =
      testing::median_best(testing::run_seeds("mbo", {}, tight, 20, 10, 5, priors));
  const double without =
      testing::median_best(testing::run_seeds("mbo", {{"learn_violating", "none"}}, tight, 20, 10, 5, priors));
  EXPECT_LT(with_values, without);
  RecordProperty("with_violating_values", std::to_string(with_values));
  RecordProperty("without", std::to_string(without));
}

TEST(Mbo, ValidatesSettings) {
  const auto space = testing::separable_problem().space;
  auto error_of = [&](const Settings& s) -> std::string {
    try {
      make_optimizer("mbo", space, s);
    } catch (const OptimizerError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(error_of({{"cv_folds", "1"}}),
            "optimizer 'mbo': setting 'cv_folds' = '1': expected 0 (no cross-validation) or an integer >= 2");
  EXPECT_EQ(error_of({{"kappa", "-0.5"}}), "optimizer 'mbo': setting 'kappa' = '-0.5': expected a number >= 0");
  EXPECT_EQ(error_of({{"acquisition", "pi"}}), "optimizer 'mbo': setting 'acquisition' = 'pi': expected one of: ucb, ei");
  EXPECT_EQ(error_of({{"prior_weight", "2"}}), "optimizer 'mbo': setting 'prior_weight' = '2': expected a number in [0, 1]");
  EXPECT_EQ(error_of({{"threads", "0"}}), "optimizer 'mbo': setting 'threads' = '0': expected an integer >= 1");
  EXPECT_EQ(error_of({{"learn_violating", "true"}}),
            "optimizer 'mbo': setting 'learn_violating' = 'true': expected one of: priors, all, none");
  EXPECT_EQ(error_of({{"cv_folds", "0"}, {"linear_member", "false"}}), "");
}

}  // namespace
}  // namespace archex::opt
