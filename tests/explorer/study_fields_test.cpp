// The study field table (explorer/study_fields.h): what a new row must get
// right for spec files, flags, experiment specs and the identity to follow it.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "explorer/study_fields.h"

namespace archex::explore {
namespace {

// A spec file giving every field a value other than its default.
constexpr const char* kEveryField =
    "name: every-field\n"
    "workloads: [{name: lenet5, weight: 2}]\n"
    "template: my_template.yaml\n"
    "cost_model: fake\n"
    "objectives: [latency, max:energy]\n"
    "constraints: [power_mw<=2000]\n"
    "budget_mm2: 3.5\n"
    "optimizer: evolution\n"
    "settings: {population: 8}\n"
    "seed: 42\n"
    "trials: 77\n"
    "jobs: 3\n"
    "batch: 4\n"
    "priors: [earlier]\n"
    "prior_recipe: apollo:50\n"
    "evaluator: {command: sim --fast, timeout_s: 9, retries: 1, screen: {within_pct: 5}}\n";

TEST(StudyFields, KeysAndFlagsAreDeclaredOnceAndEveryRowIsComplete) {
  std::set<std::string> keys, flags;
  for (const auto& field : study_fields()) {
    EXPECT_TRUE(field.given && field.overlay);
    EXPECT_EQ(field.yaml_keys.empty(), field.read_yaml == nullptr);
    // A field in the identity must also be read back from it.
    EXPECT_EQ(field.to_identity == nullptr, field.from_identity == nullptr);
    for (const char* key : field.yaml_keys) EXPECT_TRUE(keys.insert(key).second) << key;
    for (const auto& flag : field.flags) {
      EXPECT_TRUE(flags.insert(flag.names).second) << flag.names;
      EXPECT_NE(flag.set, nullptr) << flag.names;
    }
  }
  EXPECT_EQ(yaml_keys_text([](const StudyField&) { return true; }),
            "name, workload, workloads, template, cost_model, objective, objectives, constraints, budget_mm2, "
            "optimizer, settings, seed, trials, jobs, batch, priors, prior_recipe, evaluator");
}

TEST(StudyFields, EveryFieldOfAFileIsGivenOverlaidAndResolved) {
  const StudySpecInput file = parse_spec_yaml(kEveryField, "s.yaml");
  StudySpecInput empty;
  for (const auto& field : study_fields()) {
    EXPECT_TRUE(field.given(file)) << field.yaml_keys.front();
    EXPECT_FALSE(field.given(empty)) << field.yaml_keys.front();
  }
  StudySpecInput overlaid;
  overlay(overlaid, file);
  for (const auto& field : study_fields()) EXPECT_TRUE(field.given(overlaid)) << field.yaml_keys.front();

  const StudySpec spec = resolve_spec(overlaid, nullptr, "random");
  EXPECT_EQ(spec.name, "every-field");
  EXPECT_EQ(spec.workloads, (std::vector<WorkloadEntry>{{"lenet5", 2.0}}));
  EXPECT_EQ(spec.template_file, "my_template.yaml");
  EXPECT_EQ(spec.cost_model, "fake");
  EXPECT_EQ(objectives_label(spec.objectives), "latency,max:energy");
  ASSERT_EQ(spec.constraints.size(), 1u);
  EXPECT_EQ(spec.constraints.front().text(), "power_mw<=2000");
  EXPECT_EQ(spec.budget_mm2, 3.5);
  EXPECT_EQ(spec.optimizer, "evolution");
  EXPECT_EQ(spec.optimizer_settings, (opt::Settings{{"population", "8"}}));
  EXPECT_EQ(spec.seed, 42u);
  EXPECT_EQ(spec.trials, 77);
  EXPECT_EQ(spec.jobs, 3);
  EXPECT_EQ(spec.batch, 4);
  EXPECT_EQ(spec.priors, (std::vector<std::string>{"earlier"}));
  EXPECT_EQ(spec.prior_recipe, "apollo:50");
  ASSERT_TRUE(spec.evaluator);
  EXPECT_EQ(spec.evaluator->command, "sim --fast");
  EXPECT_EQ(spec.evaluator->timeout_s, 9.0);
  EXPECT_EQ(spec.evaluator->retries, 1);
  EXPECT_EQ(spec.evaluator->screen_within_pct, 5.0);
}

TEST(StudyFields, TheIdentityRoundTripsEveryFieldAndListsEachDifference) {
  const StudySpec spec = resolve_spec(parse_spec_yaml(kEveryField, "s.yaml"), nullptr, "random");
  const StudySpec back = StudySpec::from_identity(spec.identity_json(), spec.name, spec.trials, spec.jobs);
  EXPECT_EQ(back.canonical(), spec.canonical());
  EXPECT_TRUE(spec_differences(spec, back).empty());
  // Every identity key of the defaults differs from this spec's.
  const StudySpec defaults = resolve_spec(StudySpecInput{}, nullptr, "random");
  std::set<std::string> keys;
  const nlohmann::json identity = spec.identity_json(), default_identity = defaults.identity_json();
  for (const auto& [key, value] : identity.items()) keys.insert(key);
  for (const auto& [key, value] : default_identity.items()) keys.insert(key);
  EXPECT_EQ(spec_differences(defaults, spec).size(), keys.size());
  // Settings of a run are not the identity: a study continues with other ones.
  StudySpec other_run = spec;
  other_run.trials = 5;
  other_run.jobs = 1;
  other_run.evaluator->timeout_s = 1;
  other_run.evaluator->retries = 0;
  EXPECT_EQ(other_run.canonical(), spec.canonical());
}

TEST(StudyFields, AStoredStudyFillsWhatTheUserLeavesOut) {
  const StudySpec stored = resolve_spec(parse_spec_yaml(kEveryField, "s.yaml"), nullptr, "random");
  StudySpecInput more;
  more.trials = 500;
  const StudySpec continued = resolve_spec(more, &stored, "random");
  EXPECT_EQ(continued.canonical(), stored.canonical());
  EXPECT_EQ(continued.trials, 500);
  EXPECT_EQ(continued.budget_mm2, 3.5);  // kept, not the template's default
}

}  // namespace
}  // namespace archex::explore
