// The study field table (explorer/study_fields.h): what a new row must get
// right for spec files, flags (`archex run` and `archex resume`), Python
// keywords, experiment specs and the identity to follow it.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <set>
#include <string>

#include "explorer/errors.h"
#include "explorer/study_fields.h"
#include "tests/explorer/archex_cli.h"
#include "tests/explorer/fake_study.h"

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

// The flags of `archex resume`: those rows mark with a resume help.
std::vector<const StudyFlag*> resume_flags() {
  std::vector<const StudyFlag*> flags;
  for (const auto& field : study_fields())
    for (const auto& flag : field.flags)
      if (flag.resume_help) flags.push_back(&flag);
  return flags;
}

// A valid value of a resume flag, as typed on the command line and as parsed.
std::pair<std::string, FlagValue> resume_sample(const StudyFlag& flag) {
  switch (flag.kind) {
    case FlagKind::kCount:
      return {std::to_string(flag.min + 2), std::int64_t{flag.min + 2}};
    case FlagKind::kPositiveNumber:
      return {"30", 30.0};
    default:
      ADD_FAILURE() << flag.names << ": no sample value of this kind for a resume flag; add one here";
      return {"", std::string()};
  }
}

std::string long_name(const StudyFlag& flag) {
  const std::string names = flag.names;
  return names.substr(0, names.find(','));
}

TEST(StudyFields, ResumeTakesTheSettingsOfARunAndNothingOfTheIdentity) {
  // The flags users' scripts pass to `archex resume` today.
  std::set<std::string> names;
  for (const auto* flag : resume_flags()) names.insert(flag->names);
  EXPECT_EQ(names, (std::set<std::string>{"--trials,-n", "--jobs,-j", "--evaluator-timeout"}));
  // Each one, over a stored study, leaves what the study is unchanged.
  const StudySpec stored = resolve_spec(parse_spec_yaml(kEveryField, "s.yaml"), nullptr, "random");
  for (const auto* flag : resume_flags()) {
    StudySpecInput changes;
    flag->set(resume_sample(*flag).second, changes);
    const StudySpec resumed = resolve_spec(changes, &stored, "random");
    EXPECT_EQ(resumed.canonical(), stored.canonical()) << flag->names;
  }
}

TEST(StudyFields, EveryResumeFlagOfTheTableIsAcceptedByArchexResume) {
  testing::TempDir dir;
  // A study measured by the fake external evaluator, so an evaluator setting applies too.
  const std::string evaluator = std::string(ARCHEX_SOURCE_DIR) + "/tests/explorer/fake_evaluator.py --state '" +
                                dir.file("state").string() + "'";
  auto r = testing::run_archex({"run", "--study", "s", "--workload", "lenet5", "--optimizer", "random", "--trials",
                                "2", "--db", "a.db", "--evaluator", evaluator},
                               dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto help = testing::run_archex({"resume", "--help"}, dir.path());
  ASSERT_EQ(help.exit_code, 0) << help.err;
  for (const auto* flag : resume_flags()) {
    EXPECT_NE(help.out.find(flag->resume_help), std::string::npos) << flag->names << "\n" << help.out;
    r = testing::run_archex({"resume", "s", "--db", "a.db", long_name(*flag), resume_sample(*flag).first},
                            dir.path());
    EXPECT_EQ(r.exit_code, 0) << flag->names << ": " << r.err;
  }
  // All at once, and the run-only flags are refused by name.
  std::vector<std::string> all = {"resume", "s", "--db", "a.db"};
  for (const auto* flag : resume_flags()) {
    all.push_back(long_name(*flag));
    all.push_back(resume_sample(*flag).first);
  }
  r = testing::run_archex(all, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const auto& field : study_fields())
    for (const auto& flag : field.flags) {
      // --study names the study to resume: resume's own argument.
      if (flag.resume_help || long_name(flag) == "--study") continue;
      r = testing::run_archex({"resume", "s", "--db", "a.db", long_name(flag), "1"}, dir.path());
      EXPECT_EQ(r.exit_code, 2) << flag.names;
      EXPECT_NE(r.err.find("unknown flag '" + long_name(flag) + "'"), std::string::npos) << r.err;
    }
}

TEST(StudyFields, PythonKeywordsAreReadByTheRowsSpecFileReader) {
  std::set<std::string> keywords;
  for (const auto& field : study_fields())
    if (field.python_keyword) {
      EXPECT_TRUE(keywords.insert(field.python_keyword).second) << field.python_keyword;
      EXPECT_NE(field.read_yaml, nullptr) << field.python_keyword;
    }
  EXPECT_EQ(keywords.size(), python_keywords().size());
  StudySpecInput input;
  read_python_keyword("budget", YAML::Node("3.5"), input);
  read_python_keyword("workload", YAML::Load("[[lenet5, 2], resnet50]"), input);
  EXPECT_EQ(input.budget_mm2, 3.5);
  EXPECT_EQ(input.workloads, (std::vector<WorkloadEntry>{{"lenet5", 2.0}, {"resnet50", 1.0}}));
  try {
    read_python_keyword("seeds", YAML::Node("1"), input);
    ADD_FAILURE() << "an unknown keyword was accepted";
  } catch (const SpecError& e) {
    EXPECT_STREQ(e.what(), "archex.Study: unknown keyword 'seeds'; did you mean 'seed'?");
  }
}

}  // namespace
}  // namespace archex::explore
