#include <gtest/gtest.h>

#include <map>

#include "optimizers/p3bo.h"
#include "optimizers/registry.h"
#include "tests/optimizers/synthetic_problems.h"

namespace archex::opt {
namespace {

const SearchSpace& space() {
  static const SearchSpace s = testing::separable_problem().space;
  return s;
}

Observation trial(int i, bool feasible, double value, const std::string& proposer) {
  return {{i % 6, i % 7, i % 8, 0, 0, 0, 0, 0, 0}, feasible, value, proposer, {}, {}, {}};
}

std::string error_of(const Settings& settings) {
  try {
    make_optimizer("p3bo", space(), settings);
  } catch (const OptimizerError& e) {
    return e.what();
  }
  return "";
}

TEST(P3bo, CreditsMembersFromTheirProposals) {
  // "evolution" keeps improving; "random" proposes infeasible points only.
  std::vector<Observation> trials;
  for (int i = 0; i < 20; ++i) {
    trials.push_back(trial(i, true, 100.0 - i, "p3bo/evolution"));
    trials.push_back(trial(i + 20, false, 0.0, "p3bo/random"));
  }
  const P3bo p3bo(space(), {{"members", "evolution,random"}, {"min_share", "0.2"}});
  const auto portfolio = p3bo.replay(trials);
  ASSERT_EQ(portfolio.members.size(), 2u);
  EXPECT_DOUBLE_EQ(portfolio.credit[0], 1.0);  // every trial a new best
  EXPECT_DOUBLE_EQ(portfolio.credit[1], 0.0);
  const auto share = p3bo.shares(portfolio.credit);
  EXPECT_NEAR(share[0] + share[1], 1.0, 1e-12);
  EXPECT_GT(share[0], 0.85);
  EXPECT_GE(share[1], 0.1);  // min_share spread evenly: 0.2 / 2
}

TEST(P3bo, UnknownMembersStartEvenAndDecayFavoursRecentTrials) {
  std::vector<Observation> trials;
  // Member a: good long ago, bad lately; b: the reverse.
  for (int i = 0; i < 10; ++i) trials.push_back(trial(i, true, 10.0 - i, "p3bo/evolution"));
  for (int i = 0; i < 10; ++i) trials.push_back(trial(10 + i, true, 50.0 + i, "p3bo/evolution"));
  for (int i = 0; i < 10; ++i) trials.push_back(trial(20 + i, true, 0.5 - 0.01 * i, "p3bo/random"));
  const P3bo p3bo(space(), {{"members", "evolution,random,gp-bandit"}, {"decay", "0.8"}});
  const auto portfolio = p3bo.replay(trials);
  EXPECT_LT(portfolio.credit[0], portfolio.credit[1]);
  EXPECT_DOUBLE_EQ(portfolio.credit[2], 0.5);  // no trials yet
}

TEST(P3bo, RewardsOnlyTrialsThatEnterTheEliteOfEarlierValuesPriorsIncluded) {
  // Ten good trials of evolution, then mbo proposes feasible designs that beat
  // most earlier trials but none of the elite (the 10 best): no credit.
  std::vector<Observation> trials;
  for (int i = 0; i < 10; ++i) trials.push_back(trial(i, true, 1.0 + 0.1 * i, "p3bo/evolution"));
  for (int i = 0; i < 10; ++i) trials.push_back(trial(10 + i, true, 50.0 - i, "p3bo/mbo"));
  const P3bo p3bo(space(), {{"members", "evolution,mbo"}, {"elite", "10"}});
  EXPECT_DOUBLE_EQ(p3bo.replay(trials).credit[1], 0.0);
  // With elite 20 every earlier trial counts: mbo's designs beat the other mbo designs.
  EXPECT_GT(P3bo(space(), {{"members", "evolution,mbo"}, {"elite", "20"}}).replay(trials).credit[1], 0.0);

  // Priors set the bar: a trial that is a new best of the study but worse
  // than every feasible prior earns nothing; infeasible priors do not count.
  std::vector<Observation> priors = {trial(30, true, 0.5, "prior:a"), trial(31, false, 0.0, "prior:a")};
  const std::vector<Observation> first = {trial(0, true, 0.7, "p3bo/evolution")};
  EXPECT_DOUBLE_EQ(p3bo.replay(first, priors).credit[0], 0.0);
  EXPECT_DOUBLE_EQ(p3bo.replay(first).credit[0], 1.0);
  priors[0].value = 0.9;
  EXPECT_DOUBLE_EQ(p3bo.replay(first, priors).credit[0], 1.0);
}

TEST(P3bo, SplitsBatchesAndLabelsProposers) {
  P3bo p3bo(space(), {{"members", "random,evolution"}});
  Rng rng(4);
  const auto s = p3bo.suggest({}, 200, rng);
  std::map<std::string, int> by;
  for (const auto& x : s) ++by[x.proposer];
  EXPECT_EQ(by.size(), 2u);
  EXPECT_GT(by["p3bo/random"], 60);  // even credit: about half each
  EXPECT_GT(by["p3bo/evolution"], 60);
}

TEST(P3bo, RepeatedMembersGetDistinctLabels) {
  const P3bo p3bo(space(), {{"members", "evolution,evolution"}});
  const auto portfolio = p3bo.replay({});
  EXPECT_EQ(portfolio.members[0].label, "evolution");
  EXPECT_EQ(portfolio.members[1].label, "evolution#1");
}

TEST(P3bo, AdaptiveVariantReplacesTheWeakestByAMutatedCopyOfTheStrongest) {
  std::vector<Observation> trials;
  for (int i = 0; i < 10; ++i) {
    trials.push_back(trial(i, true, 100.0 - i, "p3bo/evolution"));
    trials.push_back(trial(i + 10, false, 0.0, "p3bo/evolution#1"));
  }
  const Settings settings = {{"members", "evolution,evolution"}, {"adaptive", "true"}, {"round", "20"}};
  const P3bo p3bo(space(), settings);
  const auto portfolio = p3bo.replay(trials);
  EXPECT_EQ(portfolio.members[0].label, "evolution");
  EXPECT_EQ(portfolio.members[1].label, "evolution#2");  // the infeasible proposer is gone
  EXPECT_DOUBLE_EQ(portfolio.credit[1], portfolio.credit[0]);  // inherits its parent's credit
  // Replay is deterministic: same history, same mutated settings.
  EXPECT_EQ(P3bo(space(), settings).replay(trials).members[1].settings, portfolio.members[1].settings);
  // Without adaptation nothing changes.
  const auto fixed = P3bo(space(), {{"members", "evolution,evolution"}}).replay(trials);
  EXPECT_EQ(fixed.members[1].label, "evolution#1");
}

TEST(P3bo, PassesMemberSettingsAndValidatesThem) {
  EXPECT_EQ(error_of({{"members", "evolution,mbo"}, {"evolution.population", "20"}, {"mbo.kappa", "0.5"}}), "");
  EXPECT_EQ(error_of({{"members", "evolution"}, {"evolution.population", "1"}}),
            "optimizer 'p3bo': member 'evolution': optimizer 'evolution': setting 'population' = '1': expected an "
            "integer >= 2");
  EXPECT_EQ(error_of({{"members", "evolution"}, {"mbo.kappa", "1"}}),
            "optimizer 'p3bo': setting 'mbo.kappa' = '1': expected a setting of a member (members: evolution)");
  EXPECT_EQ(error_of({{"members", "evolution,p3bo"}}),
            "optimizer 'p3bo': setting 'members' = 'evolution,p3bo': expected members other than p3bo itself");
  EXPECT_NE(error_of({{"members", "evolution,annealing"}}).find("unknown optimizer 'annealing'"), std::string::npos);
  EXPECT_EQ(error_of({{"temperature", "0"}}), "optimizer 'p3bo': setting 'temperature' = '0': expected a number > 0");
  EXPECT_EQ(error_of({{"elite", "0"}}), "optimizer 'p3bo': setting 'elite' = '0': expected an integer >= 1");
}

}  // namespace
}  // namespace archex::opt
