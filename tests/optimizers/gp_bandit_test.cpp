#include <gtest/gtest.h>

#include <set>

#include "optimizers/acquisition_value.h"
#include "optimizers/feature_encoder.h"
#include "optimizers/output_warping.h"
#include "optimizers/registry.h"
#include "optimizers/trust_region.h"
#include "tests/optimizers/synthetic_problems.h"

namespace archex::opt {
namespace {

std::string error_of(const Settings& settings) {
  try {
    make_optimizer("gp-bandit", testing::separable_problem().space, settings);
  } catch (const OptimizerError& e) {
    return e.what();
  }
  return "";
}

TEST(OutputWarping, PreservesOrderCompressesBadOutliersAndPutsInfeasibleBelow) {
  std::vector<Observation> obs = {{{0}, true, 3.0, "", {}, {}, {}},  {{1}, true, 1.0, "", {}, {}, {}}, {{2}, false, 0.0, "", {}, {}, {}},
                                  {{3}, true, 2.0, "", {}, {}, {}},  {{4}, true, 1000.0, "", {}, {}, {}}, {{5}, true, 1.5, "", {}, {}, {}}};
  std::vector<const Observation*> ptrs;
  for (const auto& o : obs) ptrs.push_back(&o);
  const WarpedLabels w = warp_labels(ptrs);
  EXPECT_EQ(w.feasible_count, 5);
  // Lower value = higher label, strictly.
  EXPECT_GT(w.labels[1], w.labels[5]);
  EXPECT_GT(w.labels[5], w.labels[3]);
  EXPECT_GT(w.labels[3], w.labels[0]);
  EXPECT_GT(w.labels[0], w.labels[4]);
  EXPECT_DOUBLE_EQ(w.best_label, w.labels[1]);
  // The outlier (1000) does not squash the good values together: the gap
  // between the best two stays a sizeable part of the label spread.
  EXPECT_GT(w.labels[1] - w.labels[5], 0.1 * (w.best_label - w.labels[4]));
  EXPECT_LT(w.labels[2], w.labels[4]);
  EXPECT_DOUBLE_EQ(w.labels[2], w.infeasible_label);
}

TEST(OutputWarping, LabelsMeasuredViolatingObservationsOnlyWhenAsked) {
  std::vector<Observation> obs = {{{0}, true, 3.0, "", {}, {}, {}}, {{1}, true, 2.0, "", {}, {}, {}}, {{2}, false, 0.0, "", {}, {}, {}},
                                  {{3}, false, 0.0, "", {}, {}, {}}, {{4}, true, 1.0, "", {}, {}, {}}};
  obs[2].violating_value = 0.5;  // the fastest design, but over the constraint
  std::vector<const Observation*> ptrs;
  for (const auto& o : obs) ptrs.push_back(&o);
  const WarpedLabels plain = warp_labels(ptrs);
  EXPECT_DOUBLE_EQ(plain.labels[2], plain.infeasible_label);  // ignored by default
  EXPECT_FALSE(plain.labelled[2]);

  const WarpedLabels w = warp_labels(ptrs, ptrs.size());
  EXPECT_EQ(w.feasible_count, 3);
  EXPECT_EQ(w.labelled, (std::vector<bool>{true, true, true, false, true}));
  EXPECT_GT(w.labels[2], w.labels[4]);  // ranked with the feasible values
  EXPECT_GT(w.labels[4], w.labels[1]);
  EXPECT_GT(w.labels[1], w.labels[0]);
  EXPECT_DOUBLE_EQ(w.best_label, w.labels[4]);  // the best stays the best feasible one
  EXPECT_DOUBLE_EQ(w.labels[3], w.infeasible_label);
  EXPECT_LT(w.infeasible_label, w.labels[0]);
  // Only observations before the given index (the priors) get one.
  EXPECT_FALSE(warp_labels(ptrs, 2).labelled[2]);
  EXPECT_TRUE(warp_labels(ptrs, 3).labelled[2]);
}

TEST(Acquisition, UcbFoldsInFeasibilityAndEiIsExpectedImprovement) {
  const Acquisition ucb(Acquisition::Kind::kUcb, 2.0, 1.0, -3.0);
  EXPECT_DOUBLE_EQ(ucb(0.5, 0.25, 1.0), 1.0);                  // mean + 2 sd
  EXPECT_DOUBLE_EQ(ucb(0.5, 0.25, 0.5), -3.0 + 0.5 * 4.0);     // halfway to the infeasible label
  EXPECT_DOUBLE_EQ(ucb(-9.0, 0.0, 0.9), -3.0);                 // never below the infeasible label
  const Acquisition ei(Acquisition::Kind::kExpectedImprovement, 0.0, 1.0, -3.0);
  EXPECT_NEAR(ei(1.0, 1.0, 1.0), 0.3989422804, 1e-9);          // sd * phi(0) at the best
  EXPECT_NEAR(ei(3.0, 1e-9, 0.5), 1.0, 1e-6);                  // certain improvement of 2, times p
  EXPECT_LT(ei(0.0, 0.1, 1.0), 1e-6);                          // certainly worse: no improvement
}

TEST(TrustRegion, RadiusGrowsWithObservationsAsInVizier) {
  const auto space = testing::separable_problem().space;  // 9 parameters, one categorical
  const FeatureEncoder e(space);
  const TrustRegion small(Eigen::MatrixXd::Zero(10, e.num_features()), e);
  EXPECT_NEAR(small.radius(), 0.2 + 0.3 * 10.0 / (5.0 * 10), 1e-12);
  EXPECT_TRUE(small.active());
  const TrustRegion large(Eigen::MatrixXd::Zero(50, e.num_features()), e);
  EXPECT_FALSE(large.active());  // radius 0.5 covers the unit cube
}

TEST(TrustRegion, DistanceIsLInfinityWithCategoricalDistancesCapped) {
  const SearchSpace space({{"a", {0, 1, 2, 3, 4}, true}, {"c", {0, 1, 2}, false}});
  const FeatureEncoder e(space);
  const TrustRegion tr(e.encode(std::vector<Point>{{0, 0}}), e);
  const double r = tr.radius();
  const Eigen::MatrixXd probe = e.encode(std::vector<Point>{{1, 0}, {1, 2}, {4, 0}});
  EXPECT_DOUBLE_EQ(tr.distance(probe.row(0)), 0.25);
  EXPECT_DOUBLE_EQ(tr.distance(probe.row(1)), std::max(0.25, r));  // other category: capped at r
  EXPECT_DOUBLE_EQ(tr.distance(probe.row(2)), 1.0);
}

TEST(GpBandit, StartsWithUniformTrialsWithoutPriors) {
  const auto problem = testing::separable_problem();
  const auto gp = testing::run_study("gp-bandit", {{"initial_random", "6"}}, problem, 6, 3, 5);
  const auto rnd = testing::run_study("random", {}, problem, 6, 3, 5);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(gp.suggestions[i].point, rnd.suggestions[i].point);
}

TEST(GpBandit, ExpectedImprovementAlsoBeatsRandom) {
  const auto problem = testing::separable_problem();
  const double ei = testing::median_best(testing::run_seeds("gp-bandit", {{"acquisition", "ei"}}, problem, 50, 5, 5));
  const double rnd = testing::median_best(testing::run_seeds("random", {}, problem, 50, 5, 5));
  EXPECT_LT(ei, rnd);
}

TEST(GpBandit, FeasibilityModelVariantBeatsRandomAndAvoidsInfeasiblePoints) {
  const auto problem = testing::coupled_problem();
  const auto gp = testing::run_seeds("gp-bandit", {{"feasibility_model", "true"}}, problem, 50, 5, 5);
  const auto rnd = testing::run_seeds("random", {}, problem, 50, 5, 5);
  EXPECT_LT(testing::median_best(gp), testing::median_best(rnd));
  auto feasible_after_start = [](const std::vector<testing::StudyResult>& runs) {
    int feasible = 0, total = 0;
    for (const auto& r : runs)
      for (std::size_t i = 8; i < r.trials.size(); ++i) feasible += r.trials[i].feasible, ++total;
    return static_cast<double>(feasible) / total;
  };
  EXPECT_GT(feasible_after_start(gp), feasible_after_start(rnd));
}

TEST(GpBandit, ExhaustsATinySpaceWithoutRepeats) {
  // 12 points: the acquisition search enumerates; every point exactly once.
  const SearchSpace space({{"a", {1, 2, 3, 4}, true}, {"b", {0, 1, 2}, false}});
  testing::SyntheticProblem problem;
  problem.space = space;
  problem.objective = [](const Point& p) { return (p[0] - 2) * (p[0] - 2) + p[1]; };
  problem.feasible = [](const Point& p) { return p[0] != 3; };
  const auto r = testing::run_study("gp-bandit", {{"initial_random", "3"}}, problem, 12, 2, 1);
  std::set<Point> seen;
  for (const auto& s : r.suggestions) seen.insert(s.point);
  EXPECT_EQ(seen.size(), 12u);
  EXPECT_DOUBLE_EQ(r.best, 0.0);
}

TEST(GpBandit, ValidatesSettings) {
  EXPECT_EQ(error_of({{"acquisition", "pi"}}),
            "optimizer 'gp-bandit': setting 'acquisition' = 'pi': expected one of: ucb, ei");
  EXPECT_EQ(error_of({{"ucb_coefficient", "-1"}}),
            "optimizer 'gp-bandit': setting 'ucb_coefficient' = '-1': expected a number >= 0");
  EXPECT_EQ(error_of({{"max_points", "100"}, {"max_fit_points", "200"}}),
            "optimizer 'gp-bandit': setting 'max_fit_points' = '200': expected an integer in [10, max_points = 100]");
  EXPECT_EQ(error_of({{"trust_region", "maybe"}}),
            "optimizer 'gp-bandit': setting 'trust_region' = 'maybe': expected true or false");
  EXPECT_EQ(error_of({{"fit_restarts", "2"}, {"trust_region", "off"}}), "");
  EXPECT_EQ(error_of({{"fit_every", "0"}}), "optimizer 'gp-bandit': setting 'fit_every' = '0': expected an integer >= 1");
}

std::vector<Point> points_of(const testing::StudyResult& r) {
  std::vector<Point> out;
  for (const auto& s : r.suggestions) out.push_back(s.point);
  return out;
}

TEST(GpBandit, ReusedHyperparametersAreAFunctionOfTheHistory) {
  // Fits every 20 trials, reused in between: one optimizer for the whole
  // study and a new one per batch (a resumed study: it refits the last
  // checkpoint's hyper-parameters) propose the same trials.
  const auto problem = testing::coupled_problem(1.2);
  const Settings settings = {{"fit_every", "20"}};
  const auto kept = testing::run_study("gp-bandit", settings, problem, 70, 10, 3, {}, testing::StateHandling::kKept);
  const auto fresh = testing::run_study("gp-bandit", settings, problem, 70, 10, 3, {}, testing::StateHandling::kDropped);
  EXPECT_EQ(points_of(fresh), points_of(kept));
  // Before the first checkpoint nothing changes; after it the proposals differ
  // from fitting on every call (fit_every=1, the behaviour before).
  const auto every = testing::run_study("gp-bandit", {{"fit_every", "1"}}, problem, 70, 10, 3, {},
                                        testing::StateHandling::kKept);
  const auto k = points_of(kept), e = points_of(every);
  EXPECT_EQ(std::vector<Point>(k.begin(), k.begin() + 20), std::vector<Point>(e.begin(), e.begin() + 20));
  EXPECT_NE(k, e);
}

}  // namespace
}  // namespace archex::opt
