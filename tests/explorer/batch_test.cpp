// Proposal batches (StudySpec::batch): each batch is proposed from a history
// in which every earlier trial has finished, so the trials are the same for
// any number of jobs and across a stop / resume in the middle of a batch.

#include <atomic>

#include <gtest/gtest.h>

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
using testing::study_fingerprints;
using testing::TempDir;

constexpr double kBudget = 3.0;

std::unique_ptr<StudyEnvironment> env_for(const StudySpec& spec) {
  return make_fake_environment(spec);
}

RunOptions batch_options(int batch, int jobs) {
  RunOptions options;
  options.batch = batch;
  options.jobs = jobs;
  return options;
}

TEST(Batch, TrialsDoNotDependOnJobs) {
  TempDir dir;
  SqliteTrialStore one(dir.file("one.db")), four(dir.file("four.db"));
  StudySpec spec = fake_spec("b", ObjectiveKind::kLatency, kBudget, 53, {{"small"}}, "evolution", 3);
  spec.batch = 8;
  EXPECT_EQ(run_study(one, spec, env_for(spec), batch_options(8, 1)).counts.finished(), 53);
  spec.jobs = 4;
  EXPECT_EQ(run_study(four, spec, env_for(spec), batch_options(8, 4)).counts.finished(), 53);
  EXPECT_EQ(study_fingerprints(one, "b"), study_fingerprints(four, "b"));
}

TEST(Batch, EachCallSeesEveryEarlierTrialFinished) {
  MemoryTrialStore store;
  auto seen = std::make_shared<testing::SeenHistory>();
  StudySpec spec = fake_spec("calls", ObjectiveKind::kLatency, kBudget, 25, {{"small"}}, "random", 0);
  auto env = env_for(spec);
  std::vector<opt::Point> script;
  for (int i = 0; i < 4; ++i) script.push_back(opt::Point(env->space.space().dimensions(), i % 2));
  env->make_optimizer = testing::scripted_optimizer(script, seen);
  run_study(store, spec, std::move(env), batch_options(10, 2));
  EXPECT_EQ(seen->calls, 3);  // 10 + 10 + 5
  EXPECT_EQ(seen->trials.size(), 20u);
  EXPECT_TRUE(seen->pending.empty());
}

TEST(Batch, StopInTheMiddleOfABatchThenResumeEqualsAnUninterruptedRun) {
  TempDir dir;
  SqliteTrialStore store(dir.file("stop.db"));
  MemoryTrialStore reference;
  StudySpec spec = fake_spec("stop", ObjectiveKind::kLatency, kBudget, 40, {{"small"}}, "evolution", 4);
  spec.batch = 6;
  std::atomic<bool> stop{false};
  RunOptions options = batch_options(6, 1);
  options.stop = &stop;
  options.on_progress = [&](const RunProgress& p) {
    if (p.finished_here >= 15) stop = true;  // trials 12..17 form a batch: stop inside it
  };
  EXPECT_TRUE(run_study(store, spec, env_for(spec), options).stopped);
  EXPECT_EQ(run_study(store, spec, env_for(spec), batch_options(6, 1)).counts.finished(), 40);
  run_study(reference, spec, env_for(spec), batch_options(6, 1));
  EXPECT_EQ(study_fingerprints(store, "stop"), study_fingerprints(reference, "stop"));
}

TEST(Batch, PartOfTheIdentityOnlyWhenNotOne) {
  StudySpec spec = fake_spec("id", ObjectiveKind::kLatency, kBudget, 10);
  EXPECT_FALSE(spec.identity_json().contains("batch"));
  spec.batch = 4;
  EXPECT_EQ(spec.identity_json().at("batch"), 4);
  EXPECT_EQ(StudySpec::from_identity(spec.identity_json(), "id", 10, 1).batch, 4);
  spec.batch = 0;
  EXPECT_THROW(spec.validate(), SpecError);
  EXPECT_EQ(parse_spec_yaml("batch: 16\n", "s.yaml").batch, 16);
  EXPECT_THROW(parse_spec_yaml("batch: 0\n", "s.yaml"), SpecError);
}

}  // namespace
}  // namespace archex::explore
