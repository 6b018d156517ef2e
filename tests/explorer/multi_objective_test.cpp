// Several objectives and a list of constraints: spec parsing and its errors,
// identity (a single-objective study keeps today's identity), scoring, and
// studies that every optimizer runs to a Pareto front, deterministically.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "explorer/errors.h"
#include "explorer/memory_trial_store.h"
#include "explorer/objective.h"
#include "explorer/study_spec.h"
#include "optimizers/pareto.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

using testing::fake_spec;
using testing::make_fake_environment;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const SpecError& e) {
    return e.what();
  }
  return "";
}

TEST(MultiObjectiveSpec, ObjectiveListsTakeNaturalDirectionsUnlessOverridden) {
  const auto list = parse_objective_list("latency,energy,area", "--objective");
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[1], (ObjectiveSpec{ObjectiveKind::kEnergy, Direction::kMinimize}));
  const auto overridden = parse_objective_list("max:latency, perf-per-area", "--objective");
  EXPECT_EQ(overridden[0].direction, Direction::kMaximize);
  EXPECT_EQ(overridden[0].label(), "max:latency");
  EXPECT_EQ(overridden[1], natural_objective(ObjectiveKind::kPerfPerArea));
  EXPECT_EQ(objectives_label(overridden), "max:latency,perf-per-area");
}

TEST(MultiObjectiveSpec, BadObjectivesAndConstraintsNameTheField) {
  EXPECT_NE(error_of([] { parse_objective_list("latency,speed", "--objective"); }).find("--objective: unknown objective 'speed'"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_objective_list("area,area", "--objective"); }).find("listed twice"), std::string::npos);
  EXPECT_NE(error_of([] { parse_objective_list("latency,", "--objective"); }).find("empty objective"), std::string::npos);
  EXPECT_NE(error_of([] { parse_constraint("power<=2000", "--constraint"); }).find("unknown metric 'power'"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_constraint("power_mw<2000", "--constraint"); }).find("expected METRIC<=BOUND"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_constraint("power_mw<=lots", "--constraint"); }).find("not a finite number"),
            std::string::npos);
  const auto c = parse_constraint(" latency_ms >= 0.5 ", "--constraint");
  EXPECT_EQ(c.text(), "latency_ms>=0.5");
  EXPECT_TRUE(c.satisfied_by(0.5));
  EXPECT_FALSE(c.satisfied_by(0.4));
}

TEST(MultiObjectiveSpec, YamlErrorsNameFileLineAndField) {
  const auto input = parse_spec_yaml("objectives: [latency, energy]\nconstraints:\n  - power_mw<=2000\n", "s.yaml");
  ASSERT_TRUE(input.objectives && input.constraints);
  EXPECT_EQ(input.objectives->size(), 2u);
  EXPECT_EQ(input.constraints->front().text(), "power_mw<=2000");
  EXPECT_NE(error_of([] { parse_spec_yaml("objectives: [latency, joules]\n", "s.yaml"); })
                .find("s.yaml:1:13: field 'objectives': unknown objective 'joules'"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_spec_yaml("workload: lenet5\nconstraints: [watts<=2]\n", "s.yaml"); })
                .find("s.yaml:2:14: field 'constraints'"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_spec_yaml("objective: latency\nobjectives: [area]\n", "s.yaml"); })
                .find("either 'objective' or 'objectives'"),
            std::string::npos);
}

TEST(MultiObjectiveSpec, SingleObjectiveIdentityIsUnchangedAndSeveralAreRecorded) {
  StudySpec spec;
  spec.name = "s";
  spec.optimizer = "random";
  const auto identity = spec.identity_json();
  EXPECT_EQ(identity.at("objective"), "latency");
  EXPECT_FALSE(identity.contains("objectives"));
  EXPECT_FALSE(identity.contains("constraints"));

  StudySpec multi = spec;
  multi.objectives = parse_objective_list("latency,energy,area", "x");
  multi.constraints = {parse_constraint("power_mw<=2000", "x")};
  const auto m = multi.identity_json();
  EXPECT_FALSE(m.contains("objective"));
  EXPECT_EQ(m.at("objectives"), nlohmann::json({"latency", "energy", "area"}));
  const StudySpec back = StudySpec::from_identity(m, "s", 10, 1);
  EXPECT_EQ(back.objectives, multi.objectives);
  EXPECT_EQ(back.constraints, multi.constraints);
  const auto differences = spec_differences(spec, multi);
  EXPECT_EQ(differences.size(), 3u);  // objective, objectives, constraints
  EXPECT_NE(default_study_name(multi).find("-latency+energy+area-"), std::string::npos);
}

TEST(MultiObjectiveSpec, OneWorkloadMetricsRefuseAWorkloadSet) {
  StudySpec spec;
  spec.name = "s";
  spec.optimizer = "random";
  spec.workloads = {{"a", 1.0}, {"b", 1.0}};
  spec.objectives = parse_objective_list("geomean-speedup,area", "x");
  EXPECT_NO_THROW(spec.validate());
  spec.objectives = parse_objective_list("geomean-speedup,energy", "x");
  EXPECT_NE(error_of([&] { spec.validate(); }).find("energy takes exactly one workload"), std::string::npos);
  spec.objectives = parse_objective_list("geomean-speedup", "x");
  spec.constraints = {parse_constraint("power_mw<=5", "x")};
  EXPECT_NE(error_of([&] { spec.validate(); }).find("field 'constraints'"), std::string::npos);
}

TEST(MultiObjectiveScore, EveryObjectiveAndEveryConstraintIsReported) {
  cost::Metrics m;
  m.latency_ms = 2.0;
  m.energy_uj = 10.0;
  m.area_mm2 = 3.0;
  const Objective objective(parse_objective_list("latency,energy,area,power,edp", "x"),
                            {parse_constraint("power_mw<=4", "x")}, 6.8, {"net"}, {1.0}, {1.0});
  const Score score = objective.score({&m});
  EXPECT_FALSE(score.feasible);
  EXPECT_EQ(score.values, (std::vector<double>{2.0, 10.0, 3.0, 5.0, 20.0}));
  ASSERT_EQ(score.constraints.size(), 2u);
  EXPECT_EQ(score.constraints[0].constraint, "area_mm2<=6.8");
  EXPECT_TRUE(score.constraints[0].satisfied);
  EXPECT_FALSE(score.constraints[1].satisfied);
  EXPECT_DOUBLE_EQ(score.constraints[1].value, 5.0);
  EXPECT_NE(score.reason.find("power_mw 5 violates power_mw<=4"), std::string::npos);

  const Objective loose(parse_objective_list("latency,energy", "x"), {parse_constraint("power_mw<=6", "x")},
                        std::nullopt, {"net"}, {1.0}, {1.0});
  const Score ok = loose.score({&m});
  EXPECT_TRUE(ok.feasible);
  EXPECT_DOUBLE_EQ(ok.value, 2.0);
  EXPECT_EQ(objective.to_minimization(std::vector<double>{1, 2}), (std::vector<double>{1, 2}));
}

class MultiObjectiveStudy : public ::testing::TestWithParam<const char*> {};

TEST_P(MultiObjectiveStudy, RunsToAParetoFrontDeterministically) {
  StudySpec spec = fake_spec(std::string("mo-") + GetParam(), ObjectiveKind::kLatency, 3.0, 40, {{"small"}},
                             GetParam(), 7);
  spec.objectives = parse_objective_list("latency,energy,area", "x");
  spec.batch = 5;
  auto run_once = [&] {
    MemoryTrialStore store;
    RunOptions options;
    options.batch = spec.batch;
    testing::run_study(store, spec, make_fake_environment(spec), options);
    return store.trials(store.find_study(spec.name)->id);
  };
  const auto trials = run_once();
  ASSERT_EQ(trials.size(), 40u);
  int complete = 0;
  std::vector<opt::Objectives> values;
  for (const auto& t : trials) {
    if (t.state != TrialState::kComplete) continue;
    ++complete;
    ASSERT_EQ(t.values.size(), 3u);
    EXPECT_DOUBLE_EQ(t.values[0], *t.value);
    values.push_back(t.values);
  }
  EXPECT_GT(complete, 10);
  EXPECT_GE(opt::pareto_front(values).size(), 2u);  // latency and area conflict in the fake model
  const auto again = run_once();
  for (std::size_t i = 0; i < trials.size(); ++i) EXPECT_EQ(trials[i].point, again[i].point) << "trial " << i;
}

INSTANTIATE_TEST_SUITE_P(EveryOptimizer, MultiObjectiveStudy,
                         ::testing::Values("random", "evolution", "gp-bandit", "mbo", "p3bo"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::erase(name, '-');
                           return name;
                         });

}  // namespace
}  // namespace archex::explore
