// Study specs: YAML parsing, validation messages, canonical identity,
// resolution against a stored study, derived names.

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "explorer/errors.h"
#include "explorer/study_spec.h"

namespace archex::explore {
namespace {

// Expects `action` to throw SpecError whose message contains every fragment.
template <typename F>
void expect_spec_error(F action, std::initializer_list<std::string> fragments) {
  try {
    action();
    ADD_FAILURE() << "expected SpecError";
  } catch (const SpecError& e) {
    for (const auto& fragment : fragments)
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << "'" << fragment << "' not in: " << e.what();
  }
}

StudySpec resolved(const std::string& yaml) { return resolve_spec(parse_spec_yaml(yaml, "spec.yaml"), nullptr, "random"); }

TEST(StudySpec, DefaultsAreMobilenetLatencyAt6p8Mm2) {
  const StudySpec spec = resolve_spec({}, nullptr, "evolution");
  ASSERT_EQ(spec.workloads.size(), 1u);
  EXPECT_EQ(spec.workloads[0].name, "mobilenet_v2");
  EXPECT_EQ(spec.objectives, std::vector{natural_objective(ObjectiveKind::kLatency)});
  EXPECT_EQ(spec.budget_mm2, 6.8);
  EXPECT_EQ(spec.optimizer, "evolution");
  EXPECT_EQ(spec.seed, 0u);
  EXPECT_EQ(spec.trials, kDefaultTrials);
  EXPECT_EQ(spec.jobs, 1);
  EXPECT_EQ(spec.name, "mobilenet_v2-latency-6.8mm2-evolution-seed0");
  EXPECT_EQ(spec.direction(), Direction::kMinimize);
}

TEST(StudySpec, ParsesEveryField) {
  const StudySpec spec = resolved(R"(
name: set-4.8
workloads:
  - mobilenet_v2
  - {name: resnet50, weight: 2}
template: my_template.yaml
cost_model: analytical
objective: geomean-speedup
budget_mm2: 4.8
optimizer: evolution
settings: {population: 32, mutation_rate: 0.5}
seed: 18446744073709551615
trials: 250
jobs: 4
priors: [set-6.8]
)");
  EXPECT_EQ(spec.name, "set-4.8");
  ASSERT_EQ(spec.workloads.size(), 2u);
  EXPECT_EQ(spec.workloads[1], (WorkloadEntry{"resnet50", 2.0}));
  EXPECT_EQ(spec.template_file, "my_template.yaml");
  EXPECT_EQ(spec.objectives, std::vector{natural_objective(ObjectiveKind::kGeomeanSpeedup)});
  EXPECT_EQ(spec.budget_mm2, 4.8);
  EXPECT_EQ(spec.optimizer_settings.at("population"), "32");
  EXPECT_EQ(spec.optimizer_settings.at("mutation_rate"), "0.5");
  EXPECT_EQ(spec.seed, 18446744073709551615ull);
  EXPECT_EQ(spec.trials, 250);
  EXPECT_EQ(spec.jobs, 4);
  EXPECT_EQ(spec.priors, std::vector<std::string>{"set-6.8"});
  EXPECT_EQ(spec.direction(), Direction::kMaximize);
}

TEST(StudySpec, AWorkloadListMayBeCommaSeparatedWithWeights) {
  const auto entries = parse_workload_list("mobilenet_v2,resnet50:3,models/a:b.yaml", "--workload");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[1], (WorkloadEntry{"resnet50", 3.0}));
  EXPECT_EQ(entries[2], (WorkloadEntry{"models/a:b.yaml", 1.0}));  // not a weight: part of the path
  expect_spec_error([] { parse_workload_list("a,,b", "--workload"); }, {"--workload", "empty workload name"});
}

TEST(StudySpec, BadYamlNamesFileLineAndField) {
  expect_spec_error([] { parse_spec_yaml("trials: [1, 2", "s.yaml"); }, {"s.yaml:1:", "invalid YAML"});
  expect_spec_error([] { parse_spec_yaml("- a\n- b\n", "s.yaml"); }, {"s.yaml", "expected a map"});
  expect_spec_error([] { parse_spec_yaml("name: x\ntrails: 5\n", "s.yaml"); },
                    {"s.yaml:2", "field 'trails'", "unknown field"});
  expect_spec_error([] { parse_spec_yaml("trials: many\n", "s.yaml"); },
                    {"s.yaml:1", "field 'trials'", "expected an integer from 1 to 10000000, got 'many'"});
  expect_spec_error([] { parse_spec_yaml("trials: 0\n", "s.yaml"); }, {"field 'trials'", "got '0'"});
  expect_spec_error([] { parse_spec_yaml("seed: -1\n", "s.yaml"); }, {"field 'seed'", "non-negative"});
  expect_spec_error([] { parse_spec_yaml("budget_mm2: big\n", "s.yaml"); }, {"field 'budget_mm2'", "expected a number"});
  expect_spec_error([] { parse_spec_yaml("objective: speed\n", "s.yaml"); },
                    {"s.yaml:1:12: field 'objective'", "unknown objective 'speed'",
                     "latency, energy, area, power, edp, perf-per-area, geomean-speedup"});
  expect_spec_error([] { parse_spec_yaml("workloads: [{name: a, wieght: 2}]\n", "s.yaml"); },
                    {"unknown key 'wieght'"});
  expect_spec_error([] { parse_spec_yaml("workload: a\nworkloads: [b]\n", "s.yaml"); }, {"either 'workload' or 'workloads'"});
  expect_spec_error([] { read_spec_file("/nonexistent/spec.yaml"); }, {"/nonexistent/spec.yaml: cannot read the spec file: no such file"});
}

TEST(StudySpec, AnEmptySpecIsAnErrorNotAllDefaults) {
  for (const char* text : {"", "\n\n", "# to be written\n", "---\n", "~\n"})
    expect_spec_error([text] { parse_spec_yaml(text, "s.yaml"); }, {"s.yaml: the spec is empty"});
  const auto dir = std::filesystem::temp_directory_path() / ("archex_spec_dir_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  expect_spec_error([&dir] { read_spec_file(dir); }, {dir.string() + ": cannot read the spec file: it is a directory"});
  std::filesystem::remove_all(dir);
}

// Found by fuzzing: names with bytes that are not UTF-8 broke the stored spec's JSON.
TEST(StudySpec, TextThatIsNotUtf8IsRefused) {
  expect_spec_error([] { parse_spec_yaml("trials: 5\nworkload: mobile\xffnet\n", "s.yaml"); },
                    {"s.yaml:2: not UTF-8 text (byte 0xFF)"});
  StudySpecInput flags;
  flags.workloads = std::vector<WorkloadEntry>{{"lenet\xc3", 1.0}};
  expect_spec_error([&flags] { resolve_spec(flags, nullptr, "random"); }, {"field 'workloads': not UTF-8 text"});
  flags.workloads.reset();
  flags.optimizer_settings = opt::Settings{{"population", "\xfe"}};
  expect_spec_error([&flags] { resolve_spec(flags, nullptr, "random"); }, {"field 'settings': not UTF-8 text"});
}

TEST(StudySpec, ValidationNamesFieldValueAndRule) {
  expect_spec_error([] { resolved("objective: latency\nworkloads: [a, b]\n"); },
                    {"field 'objective'", "takes exactly one workload, got 2 (a,b)", "geomean-speedup"});
  expect_spec_error([] { resolved("objective: perf-per-area\nbudget_mm2: 5\n"); },
                    {"field 'budget_mm2'", "perf-per-area has no area budget"});
  expect_spec_error([] { resolved("budget_mm2: -1\n"); }, {"field 'budget_mm2': -1", "positive area budget"});
  expect_spec_error([] { resolved("workloads: [a, a]\nobjective: geomean-speedup\n"); }, {"'a' is listed twice"});
  expect_spec_error([] { resolved("workloads: [{name: a, weight: 0}]\n"); }, {"weight 0 of 'a'", "positive"});
  expect_spec_error([] { resolved("name: has space\n"); }, {"field 'name'", "letters, digits"});
  expect_spec_error([] { resolved("name: me\npriors: [me]\n"); }, {"cannot be its own prior"});
  StudySpec spec = resolved("name: ok\n");
  spec.jobs = 0;
  expect_spec_error([&] { spec.validate(); }, {"field 'jobs': 0", "from 1 to 256"});
}

TEST(StudySpec, PerfPerAreaDropsTheDefaultBudget) {
  const StudySpec spec = resolved("objective: perf-per-area\n");
  EXPECT_FALSE(spec.budget_mm2.has_value());
  EXPECT_EQ(spec.name, "mobilenet_v2-perf-per-area-random-seed0");
}

TEST(StudySpec, CanonicalJsonIsTheIdentityWithoutTrialsAndJobs) {
  StudySpec a = resolved("name: x\n");
  StudySpec b = a;
  b.trials = 5000;
  b.jobs = 8;
  b.name = "y";
  EXPECT_EQ(a.canonical(), b.canonical());
  b.optimizer_settings["population"] = "16";
  EXPECT_NE(a.canonical(), b.canonical());
  EXPECT_EQ(a.canonical(),
            R"({"budget_mm2":6.8,"cost_model":"analytical","objective":"latency","optimizer":"random","priors":[],)"
            R"("seed":0,"settings":{},"template":"default","workloads":[{"name":"mobilenet_v2","weight":1.0}]})");
  const StudySpec back = StudySpec::from_identity(b.identity_json(), "y", 5000, 8);
  EXPECT_EQ(back.canonical(), b.canonical());
  EXPECT_EQ(back.trials, 5000);
  EXPECT_EQ(back.jobs, 8);
  const auto differences = spec_differences(a, b);
  ASSERT_EQ(differences.size(), 1u);
  EXPECT_EQ(differences[0], R"(settings: {} stored, {"population":"16"} requested)");
}

TEST(StudySpec, UnsetFieldsComeFromTheStoredStudy) {
  const StudySpec stored = resolved("name: s\nobjective: geomean-speedup\nworkloads: [a, b]\nbudget_mm2: 4.8\ntrials: 100\n");
  StudySpecInput input;
  input.name = "s";
  input.trials = 300;
  const StudySpec spec = resolve_spec(input, &stored, "evolution");
  EXPECT_EQ(spec.canonical(), stored.canonical());  // optimizer stays "random", budget 4.8
  EXPECT_EQ(spec.trials, 300);
  // Switching the stored study to perf-per-area drops its budget (and is a different spec).
  input.objectives = {{natural_objective(ObjectiveKind::kPerfPerArea)}};
  input.workloads = std::vector<WorkloadEntry>{{"a", 1.0}};
  const StudySpec other = resolve_spec(input, &stored, "evolution");
  EXPECT_FALSE(other.budget_mm2.has_value());
  EXPECT_EQ(spec_differences(stored, other).size(), 3u);  // workloads, objective, budget
}

TEST(StudySpec, FlagsOverlayAFile) {
  StudySpecInput file = parse_spec_yaml("name: f\ntrials: 10\nseed: 3\n", "f.yaml");
  StudySpecInput flags;
  flags.trials = 20;
  overlay(file, flags);
  EXPECT_EQ(file.trials, 20);
  EXPECT_EQ(file.seed, 3u);
  EXPECT_EQ(file.name, "f");
}

TEST(StudySpec, DerivedNamesDescribeTheStudy) {
  StudySpec spec = resolved("workloads: [models/net.onnx, resnet50]\nobjective: geomean-speedup\nbudget_mm2: 4.8\nseed: 7\n");
  EXPECT_EQ(spec.name, "net+resnet50-geomean-speedup-4.8mm2-random-seed7");
}

// The evaluator's command (and screening rule) are the study's identity; its
// timeout and retries are run settings, like jobs.
TEST(StudySpec, TheEvaluatorCommandIsIdentityItsTimeoutIsNot) {
  const auto input = parse_spec_yaml(
      "workload: lenet5\nevaluator: {command: \"sim --x 'a b'\", timeout_s: 30, retries: 1, screen: {within_pct: 5}}\n",
      "s.yaml");
  const StudySpec spec = resolve_spec(input, nullptr, "random");
  ASSERT_TRUE(spec.evaluator);
  EXPECT_EQ(spec.evaluator->command, "sim --x 'a b'");
  EXPECT_EQ(spec.evaluator->timeout_s, 30.0);
  EXPECT_EQ(spec.evaluator->retries, 1);
  EXPECT_EQ(spec.identity_json().at("evaluator"),
            (nlohmann::json{{"command", "sim --x 'a b'"}, {"screen_within_pct", 5.0}}));
  StudySpec slower = spec;
  slower.evaluator->timeout_s = 300;
  EXPECT_EQ(slower.canonical(), spec.canonical());
  StudySpec other = spec;
  other.evaluator->command = "sim2";
  EXPECT_NE(other.canonical(), spec.canonical());
  const StudySpec back = StudySpec::from_identity(spec.identity_json(), spec.name, 5, 1);
  EXPECT_EQ(back.evaluator->command, spec.evaluator->command);
  EXPECT_EQ(back.evaluator->screen_within_pct, 5.0);
  // Without an evaluator the identity is what it always was.
  EXPECT_FALSE(resolve_spec(parse_spec_yaml("workload: lenet5\n", "s.yaml"), nullptr, "random")
                   .identity_json()
                   .contains("evaluator"));
  EXPECT_THROW(resolve_spec(parse_spec_yaml("workload: lenet5\nevaluator: {command: sim, retries: 11}\n", "s.yaml"),
                            nullptr, "random"),
               SpecError);
  StudySpecInput timeout_only;
  timeout_only.evaluator_timeout_s = 5;
  EXPECT_THROW(resolve_spec(timeout_only, nullptr, "random"), SpecError);
}

}  // namespace
}  // namespace archex::explore
