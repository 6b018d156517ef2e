#include "tests/explorer/fake_study.h"

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <unistd.h>

#include "explorer/study_setup.h"
#include "optimizers/registry.h"

namespace archex::explore::testing {

std::vector<arch::TemplateParameter> fake_parameters() {
  return {
      {"pe", "", "processing elements", {1, 2, 4, 8, 16}, {}},
      {"lanes", "", "lanes per PE", {4, 8, 16, 32, 64}, {}},
      {"mem_kb", "KiB", "local memory", {16, 32, 64, 128, 256}, {}},
      {"bw", "GB/s", "I/O bandwidth", {5, 10, 20, 40}, {}},
  };
}

arch::Config fake_baseline() { return arch::Config{{2, 8, 64, 10}}; }

cost::Metrics FakeCostModel::evaluate(const workload::Workload& workload, const arch::Config& config,
                                      const cost::EvaluateOptions&) const {
  ++evaluations_;
  if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
  const double pe = static_cast<double>(config.values.at(0));
  const double lanes = static_cast<double>(config.values.at(1));
  const double mem_kb = static_cast<double>(config.values.at(2));
  const double bw = static_cast<double>(config.values.at(3));
  if (pe == 16 && lanes == 64 && mem_kb == 256 && bw == 40) throw std::runtime_error("fake model: no such chip");
  auto it = work_.find(&workload);
  const double work = it == work_.end() ? 1.0 : it->second;
  cost::Metrics m;
  m.area_mm2 = area_mm2(config);
  if (mem_kb < 32 * work) {
    m.feasible = false;
    m.reason = "working set does not fit the local memory";
    return m;
  }
  m.latency_ms = work * (100.0 / (pe * lanes) + 20.0 / bw);
  m.latency_cycles = static_cast<std::int64_t>(m.latency_ms * 1e6);
  m.throughput_ips = 1000.0 / m.latency_ms;
  m.energy_uj = work * 10.0 + m.area_mm2;
  return m;
}

double FakeCostModel::area_mm2(const arch::Config& config) const {
  const double pe = static_cast<double>(config.values.at(0));
  return 0.05 * pe * static_cast<double>(config.values.at(1)) / 4 + 0.002 * static_cast<double>(config.values.at(2)) * pe +
         0.02 * static_cast<double>(config.values.at(3));
}

FakeCostModel& fake_model(StudyEnvironment& env) {
  return const_cast<FakeCostModel&>(dynamic_cast<const FakeCostModel&>(*env.cost_model));
}

namespace {

std::unique_ptr<StudyEnvironment> fake_environment(std::vector<ObjectiveSpec> objectives,
                                                   std::vector<ConstraintSpec> constraints,
                                                   std::optional<double> budget_mm2, std::vector<FakeWorkload> workloads,
                                                   const std::string& optimizer, std::uint64_t seed,
                                                   opt::Settings settings = {}) {
  auto model = std::make_shared<FakeCostModel>();
  TemplateSpace space(fake_parameters(), fake_baseline());
  std::vector<EvalWorkload> eval;
  std::vector<std::string> names;
  std::vector<double> weights, baseline_latency;
  std::vector<cost::Metrics> baseline;
  for (const auto& w : workloads) {
    auto loaded = std::make_shared<const workload::Workload>();
    model->set_work(loaded.get(), w.work);
    baseline.push_back(model->evaluate(*loaded, space.baseline()));
    names.push_back(w.name);
    weights.push_back(w.weight);
    baseline_latency.push_back(baseline.back().latency_ms);
    eval.push_back({w.name, w.weight, loaded, w.name + "#fake"});
  }
  Objective objective(std::move(objectives), std::move(constraints), budget_mm2, names, weights, baseline_latency);
  OptimizerFactory factory = [optimizer, settings](const opt::SearchSpace& s) {
    return opt::make_optimizer(optimizer, s, settings);
  };
  return std::make_unique<StudyEnvironment>(StudyEnvironment{std::move(space), std::move(model), std::move(eval),
                                                             std::move(objective), std::move(baseline),
                                                             std::move(factory), seed, /*template_name=*/"",
                                                             /*template_hash=*/"", /*evaluator=*/std::nullopt});
}

}  // namespace

std::unique_ptr<StudyEnvironment> make_fake_environment(ObjectiveKind kind, std::optional<double> budget_mm2,
                                                        std::vector<FakeWorkload> workloads,
                                                        const std::string& optimizer, std::uint64_t seed) {
  return fake_environment({natural_objective(kind)}, {}, budget_mm2, std::move(workloads), optimizer, seed);
}

std::unique_ptr<StudyEnvironment> make_fake_environment(const StudySpec& spec) {
  std::vector<FakeWorkload> workloads;
  for (const auto& w : spec.workloads) workloads.push_back({w.name, 1.0, w.weight});
  return fake_environment(spec.objectives, spec.constraints, spec.budget_mm2, workloads, spec.optimizer, spec.seed,
                          spec.optimizer_settings);
}

StudySpec fake_spec(const std::string& name, ObjectiveKind kind, std::optional<double> budget_mm2, int trials,
                    std::vector<FakeWorkload> workloads, const std::string& optimizer, std::uint64_t seed) {
  StudySpec spec;
  spec.name = name;
  spec.workloads.clear();
  for (const auto& w : workloads) spec.workloads.push_back({w.name, w.weight});
  spec.cost_model = "fake";
  spec.objectives = {natural_objective(kind)};
  spec.budget_mm2 = budget_mm2;
  spec.optimizer = optimizer;
  spec.seed = seed;
  spec.trials = trials;
  return spec;
}

namespace {

class ScriptedOptimizer : public opt::Optimizer {
 public:
  ScriptedOptimizer(std::vector<opt::Point> script, std::shared_ptr<SeenHistory> seen)
      : script_(std::move(script)), seen_(std::move(seen)) {}
  std::string name() const override { return "scripted"; }
  std::vector<opt::Suggestion> suggest(const opt::History& history, int count, opt::Rng&) override {
    ++seen_->calls;
    seen_->priors.assign(history.priors.begin(), history.priors.end());
    seen_->trials.assign(history.trials.begin(), history.trials.end());
    seen_->pending.assign(history.pending.begin(), history.pending.end());
    const std::size_t next = history.trials.size() + history.pending.size();
    std::vector<opt::Suggestion> out;
    for (int i = 0; i < count; ++i) out.push_back({script_[(next + i) % script_.size()], ""});
    return out;
  }

 private:
  std::vector<opt::Point> script_;
  std::shared_ptr<SeenHistory> seen_;
};

}  // namespace

OptimizerFactory scripted_optimizer(std::vector<opt::Point> script, std::shared_ptr<SeenHistory> seen) {
  return [script, seen](const opt::SearchSpace&) { return std::make_unique<ScriptedOptimizer>(script, seen); };
}

std::string trial_fingerprint(const TrialRecord& t) {
  std::ostringstream out;
  out.precision(17);
  out << t.number << ' ' << to_string(t.state) << ' ' << encode_point(t.point) << ' ' << t.params_json << ' '
      << t.proposer << ' ';
  if (t.value)
    out << *t.value;
  else
    out << '-';
  out << ' ' << t.metrics_json << ' ' << t.reason
      << ' ' << t.cached;
  return out.str();
}

std::vector<std::string> study_fingerprints(TrialStore& store, const std::string& study) {
  std::vector<std::string> out;
  for (const auto& trial : store.trials(store.get_study(study).id)) out.push_back(trial_fingerprint(trial));
  return out;
}

RunSummary run_study(TrialStore& store, const StudySpec& spec, std::unique_ptr<StudyEnvironment> env,
                     RunOptions options) {
  auto opened = open_study(store, spec, std::move(env));
  StudyRunner runner(store, opened.record, *opened.env, std::move(opened.priors.observations), std::move(options));
  return runner.run();
}

TempDir::TempDir() {
  std::random_device entropy;
  path_ = std::filesystem::temp_directory_path() /
          ("archex-explorer-test-" + std::to_string(getpid()) + "-" + std::to_string(entropy()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::vector<std::string> list_files(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace archex::explore::testing
