// Incremental model-based optimizers (training = incremental): the model is
// updated from the previous batch's one and saved; the trials must not depend
// on whether the optimizer kept its model, was given the saved one, or had to
// replay its fits from the history (optimizers/optimizer.h), and a damaged
// state is rebuilt with a notice, never an exception.

#include <gtest/gtest.h>

#include "optimizers/registry.h"
#include "optimizers/state_codec.h"
#include "tests/optimizers/synthetic_problems.h"

namespace archex::opt {
namespace {

using testing::StateHandling;

// Small nets and searches: the properties do not depend on the sizes.
Settings small_mbo() {
  return {{"hidden", "8"},          {"steps", "40"},        {"update_steps", "10"},
          {"replicas", "2"},        {"cv_folds", "2"},      {"refit_every", "3"},
          {"search_pool", "30"},    {"search_generations", "3"}, {"initial_random", "12"}};
}

std::vector<Point> points_of(const testing::StudyResult& r) {
  std::vector<Point> out;
  for (const auto& s : r.suggestions) out.push_back(s.point);
  return out;
}

TEST(MboIncremental, KeptSavedAndReplayedModelsGiveTheSameTrials) {
  const auto problem = testing::separable_problem(1.0);  // infeasible regions: the classifier takes part
  const auto kept = testing::run_study("mbo", small_mbo(), problem, 70, 10, 5, {}, StateHandling::kKept);
  const auto saved = testing::run_study("mbo", small_mbo(), problem, 70, 10, 5, {}, StateHandling::kSaved);
  const auto replayed = testing::run_study("mbo", small_mbo(), problem, 70, 10, 5, {}, StateHandling::kDropped);
  EXPECT_EQ(points_of(saved), points_of(kept));
  EXPECT_EQ(points_of(replayed), points_of(kept));
  // One checkpoint per batch once there is a model (from trial 20), tagged with its trial count.
  ASSERT_EQ(kept.states.size(), 5u);
  for (std::size_t i = 0; i < kept.states.size(); ++i) EXPECT_EQ(kept.states[i].trials, 20 + 10 * int(i));
  EXPECT_TRUE(kept.notices.empty());
  EXPECT_TRUE(saved.notices.empty());
  // Without a state the fits are replayed, and said so.
  ASSERT_FALSE(replayed.notices.empty());
  EXPECT_NE(replayed.notices.back().find("replaying"), std::string::npos) << replayed.notices.back();
}

TEST(MboIncremental, BetweenCheckpointsTheTrialsStillDoNotDependOnTheState) {
  const auto problem = testing::coupled_problem(1.2);
  Settings settings = small_mbo();
  settings["update_every"] = "8";  // batches of 3 mostly fall between checkpoints
  const auto kept = testing::run_study("mbo", settings, problem, 45, 3, 9, {}, StateHandling::kKept);
  const auto saved = testing::run_study("mbo", settings, problem, 45, 3, 9, {}, StateHandling::kSaved);
  const auto replayed = testing::run_study("mbo", settings, problem, 45, 3, 9, {}, StateHandling::kDropped);
  EXPECT_EQ(points_of(saved), points_of(kept));
  EXPECT_EQ(points_of(replayed), points_of(kept));
  for (const auto& s : kept.states) EXPECT_EQ(s.trials % 8, 0);
}

TEST(MboIncremental, ADamagedOrForeignStateIsRebuiltWithANoticeAndTheSameTrials) {
  const auto problem = testing::separable_problem(1.0);
  const auto study = testing::run_study("mbo", small_mbo(), problem, 50, 10, 3, {}, StateHandling::kKept);
  ASSERT_FALSE(study.states.empty());
  const SavedState good = study.states.back();  // of trial 40
  ASSERT_EQ(good.trials, 40);
  const History history{{}, study.trials, {}, nullptr};

  auto suggest_with = [&](const std::optional<SavedState>& state, std::vector<std::string>* notices) {
    auto mbo = make_optimizer("mbo", problem.space, small_mbo());
    if (state) mbo->restore_state(*state);
    Rng rng(77);
    std::vector<Point> out;
    for (const auto& s : mbo->suggest(history, 10, rng)) out.push_back(s.point);
    *notices = mbo->take_notices();
    EXPECT_TRUE(mbo->take_state().has_value());  // the rebuilt / advanced model of trial 50
    return out;
  };
  std::vector<std::string> notices;
  const auto expected = suggest_with(good, &notices);
  EXPECT_TRUE(notices.empty());

  SavedState flipped = good;
  flipped.data[flipped.data.size() / 2] ^= 0x10;
  SavedState truncated = good;
  truncated.data.resize(truncated.data.size() / 3);
  SavedState mislabelled = good;
  mislabelled.trials = 30;
  Settings other_settings = small_mbo();
  other_settings["hidden"] = "9";
  const auto other = testing::run_study("mbo", other_settings, problem, 50, 10, 3, {}, StateHandling::kKept);
  const SavedState foreign = other.states.back();
  const SavedState garbage{40, "not a state"};
  for (const auto& [what, state] : std::vector<std::pair<std::string, SavedState>>{
           {"flipped", flipped}, {"truncated", truncated}, {"mislabelled", mislabelled},
           {"other settings", foreign}, {"garbage", garbage}}) {
    SCOPED_TRACE(what);
    EXPECT_EQ(suggest_with(state, &notices), expected);
    ASSERT_FALSE(notices.empty());
    EXPECT_NE(notices.front().find("rebuilding"), std::string::npos) << notices.front();
  }
  // A missing state: replayed, said so.
  EXPECT_EQ(suggest_with(std::nullopt, &notices), expected);
  EXPECT_FALSE(notices.empty());
}

TEST(MboIncremental, ScratchTrainingKeepsNoStateAndDiffersFromIncremental) {
  const auto problem = testing::separable_problem(1.0);
  Settings scratch = small_mbo();
  scratch["training"] = "scratch";
  const auto from_scratch = testing::run_study("mbo", scratch, problem, 40, 10, 5);
  const auto incremental = testing::run_study("mbo", small_mbo(), problem, 40, 10, 5);
  EXPECT_TRUE(from_scratch.states.empty());
  EXPECT_FALSE(incremental.states.empty());
  // The same random start, then different models.
  const auto a = points_of(from_scratch), b = points_of(incremental);
  EXPECT_EQ(std::vector<Point>(a.begin(), a.begin() + 20), std::vector<Point>(b.begin(), b.begin() + 20));
  EXPECT_NE(a, b);
}

TEST(MboIncremental, ValidatesItsSettings) {
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"training", "lazy"}, {"update_every", "0"}, {"update_steps", "0"}, {"replay_rows", "-1"},
           {"refit_every", "-2"}}) {
    EXPECT_THROW(make_optimizer("mbo", testing::separable_problem().space, {{key, value}}), OptimizerError) << key;
  }
}

TEST(P3boIncremental, KeptSavedAndReplayedMembersGiveTheSameTrials) {
  const auto problem = testing::separable_problem(1.0);
  Settings settings;
  settings["members"] = "evolution,mbo";
  for (const auto& [key, value] : small_mbo()) settings["mbo." + key] = value;
  const auto kept = testing::run_study("p3bo", settings, problem, 60, 10, 4, {}, StateHandling::kKept);
  const auto saved = testing::run_study("p3bo", settings, problem, 60, 10, 4, {}, StateHandling::kSaved);
  const auto replayed = testing::run_study("p3bo", settings, problem, 60, 10, 4, {}, StateHandling::kDropped);
  EXPECT_EQ(points_of(saved), points_of(kept));
  EXPECT_EQ(points_of(replayed), points_of(kept));
  EXPECT_FALSE(kept.states.empty());
  // A damaged p3bo state: a notice, the same trials.
  auto p3bo = make_optimizer("p3bo", problem.space, settings);
  p3bo->restore_state({50, "damaged"});
  EXPECT_FALSE(p3bo->take_notices().empty());
}

TEST(StateCodec, RoundTripsAndRefusesDamage) {
  StateWriter out("test/1");
  out.integer(-42);
  out.real(0.25);
  out.text("label");
  out.floats({1.5f, -2.0f});
  const std::string bytes = std::move(out).finish();
  StateReader in(bytes, "test/1");
  EXPECT_EQ(in.integer(), -42);
  EXPECT_EQ(in.real(), 0.25);
  EXPECT_EQ(in.text(), "label");
  EXPECT_EQ(in.floats(), (std::vector<float>{1.5f, -2.0f}));
  EXPECT_NO_THROW(in.expect_end());
  EXPECT_THROW(StateReader(bytes, "test/2"), StateFormatError);
  EXPECT_THROW(StateReader(bytes.substr(0, bytes.size() - 1), "test/1"), StateFormatError);
  EXPECT_THROW(StateReader("", "test/1"), StateFormatError);
  std::string flipped = bytes;
  flipped[3] ^= 1;
  EXPECT_THROW(StateReader(flipped, "test/1"), StateFormatError);
  StateReader short_read(bytes, "test/1");
  short_read.integer();
  EXPECT_THROW(short_read.expect_end(), StateFormatError);
}

}  // namespace
}  // namespace archex::opt
