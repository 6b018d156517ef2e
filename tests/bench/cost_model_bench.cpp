// Cost-model speed: whole-model evaluations of a zoo workload on seeded
// random configs, one thread, through the CostModel interface (as the search
// loop calls it). Target: >= 50,000 MobileNetV2 evaluations per second.
//   build/<preset>/archex_bench --benchmark_filter=CostModel

#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "accelerator-template/config_io.h"
#include "cost-models/registry.h"
#include "workloads/registry.h"

namespace {

void evaluate_random_configs(benchmark::State& state, const char* workload_name) {
  const archex::arch::Template tmpl = archex::arch::Template::load_default();
  const auto model = archex::cost::make_cost_model("analytical", tmpl);
  const archex::workload::Workload workload = archex::workload::load_workload(workload_name);
  std::mt19937_64 rng(1);
  std::vector<archex::arch::Config> configs;
  for (int i = 0; i < 4096; ++i) configs.push_back(archex::arch::random_config(tmpl, rng));
  std::size_t next = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(model->evaluate(workload, configs[next]));
    next = (next + 1) % configs.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["evals_per_second"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                          benchmark::Counter::kIsRate);
}

void BM_CostModelMobileNetV2(benchmark::State& state) { evaluate_random_configs(state, "mobilenet_v2"); }
void BM_CostModelResNet50(benchmark::State& state) { evaluate_random_configs(state, "resnet50"); }

void BM_CostModelBaselinePerLayer(benchmark::State& state) {
  const archex::arch::Template tmpl = archex::arch::Template::load_default();
  const auto model = archex::cost::make_cost_model("analytical", tmpl);
  const archex::workload::Workload workload = archex::workload::load_workload("mobilenet_v2");
  for (auto _ : state)
    benchmark::DoNotOptimize(model->evaluate(workload, tmpl.baseline(), {.per_layer = true}));
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_CostModelMobileNetV2);
BENCHMARK(BM_CostModelResNet50);
BENCHMARK(BM_CostModelBaselinePerLayer);
