// Sequential trial throughput of the explorer: a trial claimed (proposal
// inside the transaction), evaluated and committed, one after the other, as
// `archex run` does with --jobs 1. Target: >= 2,000 trials/s with
// the cost model's speed, including the SQLite commits. Rates are per
// wall-clock second (UseRealTime).
//
//   build/release/archex_bench --benchmark_filter=Trial
//
// BM_TrialStoreClaimFinish       the SQLite store alone: claim + finish (two
//                                commits) with a realistic row
// BM_TrialLoop/<store>/<model>   the whole engine on 2,000-trial studies:
//                                proposal, evaluation, metrics JSON, commits.
//   <model> mobilenet_v2: the analytical cost model on MobileNetV2;
//           constant: a model that does no work (the engine's own cost).
//   <store> sqlite (a file, as archex.db) or memory (SQLite's share).
//   The optimizer proposes uniformly at random without reading the history,
//   so its cost stays constant and the figure is the engine's.

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include <benchmark/benchmark.h>

#include "accelerator-template/template.h"
#include "cost-models/registry.h"
#include "explorer/memory_trial_store.h"
#include "explorer/sqlite_trial_store.h"
#include "explorer/study_runner.h"
#include "explorer/study_setup.h"
#include "explorer/workload_fingerprint.h"
#include "workloads/registry.h"

namespace {

using namespace archex;

// A fresh directory for the databases of one benchmark run, removed after.
class ScratchDir {
 public:
  ScratchDir()
      : path_(std::filesystem::temp_directory_path() /
              ("archex-bench-" + std::to_string(getpid()) + "-" + std::to_string(std::random_device{}()))) {
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  std::filesystem::path file(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Uniform random points, ignoring the history: constant cost per proposal.
class UniformOptimizer : public opt::Optimizer {
 public:
  explicit UniformOptimizer(opt::SearchSpace space) : space_(std::move(space)) {}
  std::string name() const override { return "uniform"; }
  std::vector<opt::Suggestion> suggest(const opt::History&, int count, opt::Rng& rng) override {
    std::vector<opt::Suggestion> out(count);
    for (auto& s : out) {
      s.proposer = "uniform";
      for (std::size_t d = 0; d < space_.dimensions(); ++d)
        s.point.push_back(std::uniform_int_distribution<int>(0, space_.cardinality(d) - 1)(rng));
    }
    return out;
  }

 private:
  opt::SearchSpace space_;
};

// Metrics without work: isolates the engine and the store from the model.
class ConstantModel : public cost::CostModel {
 public:
  std::string name() const override { return "constant"; }
  std::string version() const override { return "1"; }
  cost::Metrics evaluate(const workload::Workload&, const arch::Config& config,
                         const cost::EvaluateOptions&) const override {
    cost::Metrics m;
    m.latency_ms = 1.0 + static_cast<double>(config.values[0] % 7);
    m.latency_cycles = 1'000'000;
    m.area_mm2 = 3.0 + static_cast<double>(config.values[1] % 5);
    m.energy_uj = 100;
    return m;
  }
  double area_mm2(const arch::Config&) const override { return 3.0; }
};

std::unique_ptr<explore::StudyEnvironment> environment(bool real_model) {
  explore::StudySpec spec;
  spec.optimizer = "random";
  auto env = std::make_unique<explore::StudyEnvironment>(*explore::build_environment(spec));
  if (!real_model) {
    env->cost_model = std::make_shared<ConstantModel>();
    env->workloads.at(0).key = "constant";
  }
  env->make_optimizer = [](const opt::SearchSpace& space) { return std::make_unique<UniformOptimizer>(space); };
  return env;
}

void BM_TrialLoop(benchmark::State& state, bool sqlite, bool real_model) {
  constexpr int kTrials = 2000;
  const auto env = environment(real_model);
  explore::StudySpec spec;
  spec.name = "bench";
  spec.optimizer = "uniform";
  spec.trials = kTrials;
  int run = 0;
  for (auto _ : state) {
    state.PauseTiming();
    ScratchDir dir;
    std::unique_ptr<explore::TrialStore> store;
    if (sqlite)
      store = std::make_unique<explore::SqliteTrialStore>(dir.file("bench.db"));
    else
      store = std::make_unique<explore::MemoryTrialStore>();
    spec.seed = static_cast<std::uint64_t>(run++);
    auto record = store->create_or_get_study({spec.name, spec.canonical(), spec.direction(), kTrials, 1,
                                              env->context_json().dump(), {}})
                      .first;
    explore::StudyRunner runner(*store, record, *env, {}, explore::RunOptions{});
    state.ResumeTiming();
    const auto summary = runner.run();
    if (summary.counts.finished() != kTrials) state.SkipWithError("the study did not finish");
  }
  state.SetItemsProcessed(state.iterations() * kTrials);
  state.counters["trials_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations() * kTrials), benchmark::Counter::kIsRate);
}

void BM_TrialStoreClaimFinish(benchmark::State& state) {
  ScratchDir dir;
  explore::SqliteTrialStore store(dir.file("bench.db"));
  const auto study =
      store.create_or_get_study({"bench", "{}", explore::Direction::kMinimize, 1'000'000'000, 1, "{}", {}}).first;
  const explore::Owner owner = explore::Owner::current();
  // A realistic row: ten parameters, ~600 bytes of metrics JSON.
  const std::string params =
      R"({"pe_x":4,"pe_y":4,"cores_per_pe":4,"lanes_per_core":32,"core_memory":32768,"pe_memory":524288,)"
      R"("instruction_memory":16384,"parameter_memory":32768,"activation_memory":16384,"io_bandwidth":20})";
  const std::string metrics = R"({"mobilenet_v2":{"area_mm2":6.0971,"area_mm2_by_component":{"control":0.1,)"
                              R"("core_memory":0.5,"global_memory":1.0,"io":0.3,"macs":2.0,"noc":0.2,"pe_memory":1.5},)"
                              R"("dram_bytes":4000000,"energy_uj":120.5,"energy_uj_by_level":{"dram":80.0,)"
                              R"("global_buffer":20.0,"mac":10.0,"pe_array":5.5,"register":5.0},"feasible":true,)"
                              R"("latency_cycles":189790,"latency_ms":0.18979,"reason":"","throughput_ips":5268.98}})";
  std::int64_t cursor = 0;
  for (auto _ : state) {
    auto claim = store.claim_trials({study.id, owner, 1, std::chrono::seconds(60), cursor},
                                    [&](const explore::ClaimContext&) {
                                      return std::vector<explore::NewTrial>{{{1, 2, 3, 4, 5, 6, 1, 2, 3, 4}, params, "bench"}};
                                    });
    cursor = claim.finished_seq;
    store.finish_trial(claim.claimed.at(0).id, owner, {explore::TrialState::kComplete, 0.18979, metrics, "", false, {}, {}});
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["trials_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_TrialStoreClaimFinish)->UseRealTime();
BENCHMARK_CAPTURE(BM_TrialLoop, sqlite/mobilenet_v2, true, true)->Unit(benchmark::kMillisecond)->MinTime(1.0)->UseRealTime();
BENCHMARK_CAPTURE(BM_TrialLoop, memory/mobilenet_v2, false, true)->Unit(benchmark::kMillisecond)->MinTime(1.0)->UseRealTime();
BENCHMARK_CAPTURE(BM_TrialLoop, sqlite/constant, true, false)->Unit(benchmark::kMillisecond)->MinTime(1.0)->UseRealTime();
BENCHMARK_CAPTURE(BM_TrialLoop, memory/constant, false, false)->Unit(benchmark::kMillisecond)->MinTime(1.0)->UseRealTime();
