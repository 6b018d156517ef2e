// Transfer that does not hurt: a misleading prior study costs little against
// none, studies with priors stay reproducible across resumes, and Apollo's
// transfer recipe (--prior-recipe) takes only the best feasible unique priors.

#include <algorithm>
#include <fstream>

#include <gtest/gtest.h>

#include "explorer/errors.h"
#include "explorer/memory_trial_store.h"
#include "explorer/prior_recipe.h"
#include "explorer/study_setup.h"
#include "tests/explorer/archex_cli.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

using testing::fake_spec;
using testing::make_fake_environment;
using testing::run_archex;
using testing::TempDir;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

constexpr double kWide = 6.0, kNarrow = 2.0;  // mm^2 on the fake template (about a third fits the narrow one)

// Best latency of a study on the fake model at the narrow budget, with the
// given priors handed to the engine.
double best_with(const std::string& optimizer, std::uint64_t seed, std::vector<opt::Observation> priors) {
  MemoryTrialStore store;
  const StudySpec spec = fake_spec("target", ObjectiveKind::kLatency, kNarrow, 20, {{"small"}}, optimizer, seed);
  auto opened = open_study(store, spec, make_fake_environment(spec));
  RunOptions options;
  options.batch = 4;
  StudyRunner runner(store, opened.record, *opened.env, std::move(priors), options);
  const RunSummary summary = runner.run();
  EXPECT_TRUE(summary.best.has_value());
  return summary.best.value_or(1e9);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

TEST(PriorTransfer, APriorStudyOfTheInvertedObjectiveCostsLittleAgainstNone) {
  // The priors: a wide-budget study re-scored for the narrow one, then
  // inverted (its best designs are the worst): what a study of another
  // objective or another model would tell this one.
  MemoryTrialStore store;
  const StudySpec wide = fake_spec("wide", ObjectiveKind::kLatency, kWide, 120, {{"small"}}, "random", 7);
  testing::run_study(store, wide, make_fake_environment(wide));
  StudySpec narrow = fake_spec("narrow", ObjectiveKind::kLatency, kNarrow, 1, {{"small"}}, "random", 7);
  narrow.priors = {"wide"};
  auto opened = open_study(store, narrow, make_fake_environment(narrow));
  std::vector<opt::Observation> inverted = opened.priors.observations;
  for (auto& o : inverted) {
    o.value = -o.value;
    if (o.violating_value) o.violating_value = -*o.violating_value;
  }
  ASSERT_GT(opened.priors.feasible, 10);
  // (15 seeds: 20-trial studies on a 500-point space spread widely.)
  std::vector<double> cold, misled;
  for (std::uint64_t seed = 1; seed <= 15; ++seed) {
    cold.push_back(best_with("gp-bandit", seed, {}));
    misled.push_back(best_with("gp-bandit", seed, inverted));
  }
  EXPECT_LE(median(misled), median(cold) * 1.1);
}

TEST(PriorTransfer, APriorStudyOfAnotherWorkloadIsEvaluatedOnThisStudysWorkloads) {
  // A prior study of another (three times heavier) workload has no metrics
  // for this study's: its designs are evaluated here, so each prior carries
  // the latency of this study's workload (fake_study.h's formula, work 1).
  MemoryTrialStore store;
  const StudySpec heavy = fake_spec("heavy", ObjectiveKind::kLatency, kWide, 40, {{"heavy", 3.0}}, "random", 7);
  testing::run_study(store, heavy, make_fake_environment(ObjectiveKind::kLatency, kWide, {{"heavy", 3.0}}));
  StudySpec small = fake_spec("small", ObjectiveKind::kLatency, kWide, 1, {{"small"}}, "random", 7);
  small.priors = {"heavy"};
  const auto env = make_fake_environment(small);
  const auto priors = open_study(store, small, make_fake_environment(small)).priors;
  ASSERT_GT(priors.feasible, 10);
  EXPECT_EQ(priors.evaluated + priors.skipped, 40);
  for (const auto& o : priors.observations) {
    if (!o.feasible) continue;
    const arch::Config config = env->space.to_config(o.point);
    // Parameters in fake_parameters() order: pe, lanes, mem_kb, bw.
    const double pe = config.values[0], lanes = config.values[1], bw = config.values[3];
    EXPECT_NEAR(o.value, 100.0 / (pe * lanes) + 20.0 / bw, 1e-9);
  }
}

TEST(PriorTransfer, WithAnExternalEvaluatorAPriorStudyMustCoverTheWorkloads) {
  MemoryTrialStore store;
  const StudySpec heavy = fake_spec("heavy", ObjectiveKind::kLatency, kWide, 5, {{"heavy", 3.0}}, "random", 7);
  testing::run_study(store, heavy, make_fake_environment(ObjectiveKind::kLatency, kWide, {{"heavy", 3.0}}));
  StudySpec small = fake_spec("small", ObjectiveKind::kLatency, kWide, 1, {{"small"}}, "random", 7);
  small.priors = {"heavy"};
  auto env = make_fake_environment(small);
  env->evaluator = EvaluatorSpec{};
  try {
    open_study(store, small, std::move(env));
    ADD_FAILURE() << "priors of another workload accepted with an external evaluator";
  } catch (const SpecError& e) {
    EXPECT_TRUE(contains(e.what(), "has no metrics for workload 'small'")) << e.what();
    EXPECT_TRUE(contains(e.what(), "external evaluator")) << e.what();
  }
}

TEST(PriorTransfer, AStudyWithPriorsIsReproducedWhenResumed) {
  // Weighting the priors draws from the study's stream: a study stopped and
  // continued proposes exactly what an uninterrupted one does.
  MemoryTrialStore once, twice;
  for (TrialStore* store : {static_cast<TrialStore*>(&once), static_cast<TrialStore*>(&twice)}) {
    const StudySpec wide = fake_spec("wide", ObjectiveKind::kLatency, kWide, 60, {{"small"}}, "random", 3);
    testing::run_study(*store, wide, make_fake_environment(wide));
  }
  StudySpec spec = fake_spec("narrow", ObjectiveKind::kLatency, kNarrow, 24, {{"small"}}, "gp-bandit", 5);
  spec.priors = {"wide"};
  testing::run_study(once, spec, make_fake_environment(spec));
  StudySpec part = spec;
  part.trials = 11;
  testing::run_study(twice, part, make_fake_environment(part));
  testing::run_study(twice, spec, make_fake_environment(spec));
  EXPECT_EQ(testing::study_fingerprints(once, "narrow"), testing::study_fingerprints(twice, "narrow"));
}

TEST(PriorTransfer, TheApolloRecipeKeepsTheBestFeasibleUniquePriorsUpToItsCap) {
  MemoryTrialStore store;
  const StudySpec wide = fake_spec("wide", ObjectiveKind::kLatency, kWide, 80, {{"small"}}, "random", 7);
  testing::run_study(store, wide, make_fake_environment(wide));
  StudySpec narrow = fake_spec("narrow", ObjectiveKind::kLatency, kNarrow, 1, {{"small"}}, "random", 7);
  narrow.priors = {"wide"};
  const auto all = open_study(store, narrow, make_fake_environment(narrow)).priors;
  std::vector<double> feasible;
  for (const auto& o : all.observations)
    if (o.feasible) feasible.push_back(o.value);
  std::sort(feasible.begin(), feasible.end());
  ASSERT_GT(feasible.size(), 5u);
  ASSERT_LT(static_cast<int>(feasible.size()), static_cast<int>(all.observations.size()));

  narrow.name = "narrow-apollo";
  narrow.prior_recipe = "apollo:5";
  const auto chosen = open_study(store, narrow, make_fake_environment(narrow)).priors;
  ASSERT_EQ(chosen.observations.size(), 5u);
  EXPECT_EQ(chosen.feasible, 5);
  EXPECT_EQ(chosen.left_out, static_cast<int>(all.observations.size()) - 5);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_TRUE(chosen.observations[i].feasible);
    EXPECT_EQ(chosen.observations[i].value, feasible[i]);  // the best, best first (the random study has no repeats)
  }
}

TEST(PriorTransfer, PriorRecipeValues) {
  EXPECT_FALSE(PriorRecipe::parse("all").apollo);
  EXPECT_EQ(PriorRecipe::parse("apollo").cap, PriorRecipe::kApolloCap);
  EXPECT_EQ(PriorRecipe::parse("apollo:250").cap, 250);
  for (const std::string bad : {"", "apollo:", "apollo:0", "apollo:-3", "apollo:1e3", "apollo:999999", "Apollo"}) {
    try {
      PriorRecipe::parse(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const SpecError& e) {
      EXPECT_TRUE(contains(e.what(), "field 'prior_recipe': '" + bad + "'")) << e.what();
    }
  }
}

TEST(PriorTransfer, CliTakesTheRecipeFromAFlagOrTheSpecAndRefusesABadOne) {
  TempDir dir;
  const std::vector<std::string> small = {"--workload", "lenet5", "--optimizer", "random", "--db", "a.db"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), small.begin(), small.end());
    return args;
  };
  // Budgets every mappable LeNet-5 design fits: most priors are feasible.
  ASSERT_EQ(run_archex(with({"run", "--study", "wide", "--trials", "30", "--budget", "40"}), dir.path()).exit_code, 0);
  const auto r = run_archex(
      with({"run", "--study", "narrow", "--trials", "3", "--budget", "30", "--prior", "wide", "--prior-recipe",
            "apollo:4"}),
      dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "priors: 4 trials from wide (4 feasible under this study's objective and budget, 26 "
                              "left out by prior recipe apollo:4)"))
      << r.err;
  // The recipe is part of the study: continuing with another one is refused.
  const auto other = run_archex(
      with({"run", "--study", "narrow", "--trials", "3", "--budget", "30", "--prior", "wide", "--prior-recipe", "all"}),
      dir.path());
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_TRUE(contains(other.err, "prior_recipe: \"apollo:4\" stored, (none) requested")) << other.err;

  std::ofstream(dir.file("spec.yaml")) << "name: from-file\nworkload: lenet5\nbudget_mm2: 30\npriors: [wide]\n"
                                          "prior_recipe: apollo\ntrials: 2\n";
  const auto file = run_archex({"run", "spec.yaml", "--db", "a.db"}, dir.path());
  ASSERT_EQ(file.exit_code, 0) << file.err;
  EXPECT_TRUE(contains(file.err, "left out by prior recipe apollo)")) << file.err;

  const auto bad = run_archex({"run", "--prior-recipe", "best", "--workload", "lenet5", "--db", "b.db"}, dir.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.err, "archex: error: field 'prior_recipe': 'best' — expected all, apollo or apollo:N")) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("b.db")));
}

}  // namespace
}  // namespace archex::explore
