// Ask/tell sessions on the fake model: the engine's proposals, reported
// metrics scored by the study's objective, failures, release and re-issue.

#include <cmath>
#include <optional>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cost-models/metrics_json.h"
#include "explorer/ask_tell.h"
#include "explorer/errors.h"
#include "explorer/memory_trial_store.h"
#include "explorer/sqlite_trial_store.h"
#include "explorer/study_setup.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

using testing::fake_spec;
using testing::make_fake_environment;
using testing::run_study;

// What a user's evaluator would report for a trial: here the fake model's
// own metrics, so the outcome can be compared with the engine's.
nlohmann::json report(const StudyEnvironment& env, const TrialRecord& trial) {
  const cost::Metrics m = env.cost_model->evaluate(*env.workloads.front().workload, env.space.to_config(trial.point));
  return {{"latency_ms", m.latency_ms}, {"energy_uj", m.energy_uj}, {"area_mm2", m.area_mm2},
          {"feasible", m.feasible}, {"reason", m.reason}};
}

// Drives the session to the end; a throwing evaluation is told as failed.
void drive(AskTellSession& session, const StudyEnvironment& env) {
  while (auto trial = session.ask()) {
    try {
      session.tell(trial->id, report(env, *trial));
    } catch (const std::exception& e) {
      session.tell_failed(trial->id, e.what());
    }
  }
}

// Number, state, point, proposer and objective of every trial.
std::vector<std::string> outcome(TrialStore& store, const std::string& study) {
  std::vector<std::string> out;
  for (const auto& t : store.trials(store.get_study(study).id))
    out.push_back(std::to_string(t.number) + " " + std::string(to_string(t.state)) + " " + encode_point(t.point) +
                  " " + t.proposer + " " + (t.value ? std::to_string(*t.value) : "-"));
  return out;
}

TEST(AskTell, ProposesWhatTheEngineRuns) {
  for (const char* optimizer : {"random", "evolution"}) {
    MemoryTrialStore engine, asked;
    const StudySpec spec = fake_spec("s", ObjectiveKind::kLatency, 3.0, 80, {{"small"}}, optimizer, 4);
    run_study(engine, spec, make_fake_environment(spec));
    auto opened = open_study(asked, spec, make_fake_environment(spec));
    {
      AskTellSession session(asked, opened.record, *opened.env, opened.priors.observations);
      drive(session, *opened.env);
      EXPECT_EQ(session.held(), 0);
      EXPECT_FALSE(session.ask().has_value());  // the target is reached
    }
    EXPECT_EQ(outcome(asked, "s"), outcome(engine, "s")) << optimizer;
  }
}

TEST(AskTell, ReportedMetricsAreScoredByTheStudysObjective) {
  MemoryTrialStore store;
  const StudySpec spec = fake_spec("r", ObjectiveKind::kLatency, 3.0, 10);
  auto opened = open_study(store, spec, make_fake_environment(spec));
  AskTellSession session(store, opened.record, *opened.env, opened.priors.observations);

  auto trial = session.ask();
  ASSERT_TRUE(trial);
  EXPECT_THROW(session.tell(trial->id, {{"energy_uj", 1.0}}), SpecError);  // no latency
  EXPECT_THROW(session.tell(trial->id, {{"latency_ms", "fast"}}), SpecError);
  EXPECT_THROW(session.tell(trial->id, nlohmann::json::array()), SpecError);
  EXPECT_EQ(session.held(), 1);  // refused reports leave the trial held
  const TrialResult told = session.tell(trial->id, {{"latency_ms", 0.5}, {"area_mm2", 1.0}, {"board", "rev-b"}});
  EXPECT_EQ(told.state, TrialState::kComplete);
  EXPECT_EQ(told.value, 0.5);
  EXPECT_EQ(told.constraints_json, R"([{"constraint":"area_mm2<=3","satisfied":true,"value":1.0}])");
  EXPECT_EQ(nlohmann::json::parse(store.trials(opened.record.id).front().metrics_json).at("small").at("board"),
            "rev-b");  // extra keys are kept
  EXPECT_THROW(session.tell(trial->id, {{"latency_ms", 0.5}}), ExploreError);  // told already

  // Without an area, the template's model gives it for the config.
  auto second = session.ask();
  const double area = opened.env->cost_model->area_mm2(opened.env->space.to_config(second->point));
  const TrialResult scored = session.tell(second->id, {{"latency_ms", 0.5}});
  EXPECT_EQ(scored.state, area <= 3.0 ? TrialState::kComplete : TrialState::kInfeasible);
  const auto stored = store.trials(opened.record.id).back();
  EXPECT_DOUBLE_EQ(nlohmann::json::parse(stored.metrics_json).at("small").at("area_mm2").get<double>(), area);

  auto over = session.ask();
  const TrialResult big = session.tell(over->id, {{"latency_ms", 0.1}, {"area_mm2", 9.0}});
  EXPECT_EQ(big.state, TrialState::kInfeasible);
  EXPECT_EQ(big.reason, "area 9 mm2 exceeds the budget of 3 mm2");
  EXPECT_EQ(big.values, std::vector<double>{0.1});  // measured: the optimizer learns from it

  auto unmapped = session.ask();
  const TrialResult no = session.tell(unmapped->id, {{"feasible", false}});
  EXPECT_EQ(no.state, TrialState::kInfeasible);
  EXPECT_EQ(no.reason, "reported infeasible");

  auto broken = session.ask();
  const TrialResult failed = session.tell_failed(broken->id, "RuntimeError: board offline");
  EXPECT_EQ(failed.state, TrialState::kFailed);
  EXPECT_EQ(store.trials(opened.record.id).back().reason, "RuntimeError: board offline");
}

TEST(AskTell, AMetricNotReportedIsUnknownToAnotherObjective) {
  // Reported without energy under a latency study, then re-scored for energy
  // (as priors are): infeasible, never a silent zero.
  cost::Metrics m = cost::metrics_from_json({{"feasible", true}, {"latency_ms", 0.2}, {"area_mm2", 1.0}});
  EXPECT_TRUE(std::isnan(m.energy_uj));
  const Objective energy(ObjectiveKind::kEnergy, 3.0, {"small"}, {1.0}, {1.0});
  const Score score = energy.score({&m});
  EXPECT_FALSE(score.feasible);
  EXPECT_EQ(score.reason, "energy_uj is unknown (not reported)");
}

TEST(AskTell, AskedTrialsAreReleasedAndReissuedWithTheirPoint) {
  testing::TempDir dir;
  SqliteTrialStore store(dir.file("a.db"));
  const StudySpec spec = fake_spec("release", ObjectiveKind::kLatency, 3.0, 6, {{"small"}}, "evolution", 2);
  auto opened = open_study(store, spec, make_fake_environment(spec));
  std::optional<TrialRecord> first;
  {
    AskTellSession session(store, opened.record, *opened.env, opened.priors.observations);
    first = session.ask();
    ASSERT_TRUE(first);
  }  // released
  AskTellSession again(store, opened.record, *opened.env, opened.priors.observations);
  const auto reissued = again.ask();
  ASSERT_TRUE(reissued);
  EXPECT_EQ(reissued->number, first->number);
  EXPECT_EQ(reissued->point, first->point);
  EXPECT_EQ(reissued->attempts, 2);
}

TEST(AskTell, BatchesWaitForTheirResults) {
  MemoryTrialStore store;
  StudySpec spec = fake_spec("batch", ObjectiveKind::kLatency, 3.0, 6);
  spec.batch = 3;
  auto opened = open_study(store, spec, make_fake_environment(spec));
  AskTellOptions options;
  options.batch = 3;
  AskTellSession session(store, opened.record, *opened.env, opened.priors.observations, options);
  std::vector<TrialRecord> batch;
  for (int i = 0; i < 3; ++i) batch.push_back(*session.ask());
  EXPECT_FALSE(session.ask().has_value());
  for (const auto& t : batch) session.tell(t.id, report(*opened.env, t));
  EXPECT_EQ(session.ask()->number, 3);
}

}  // namespace
}  // namespace archex::explore
