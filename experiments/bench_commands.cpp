// `archex bench cost-model`: evaluates N seeded random configs of the
// template on a workload through the CostModel interface (as the search loop
// does) and reports the measured evaluations per second on one thread.

#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>
#include <vector>

#include <nlohmann/json.hpp>

#include "accelerator-template/config_io.h"
#include "cost-models/registry.h"
#include "experiments/commands.h"
#include "workloads/registry.h"

namespace archex::exp {

namespace {

struct BenchArgs {
  std::string workload = "mobilenet_v2";
  std::string template_file;
  std::string model = "analytical";
  long n = 100000;
  std::uint64_t seed = 1;
  bool json = false;
};

void run_bench(const BenchArgs& args) {
  if (args.n < 1) throw UsageError("--n must be >= 1, got " + std::to_string(args.n));
  const arch::Template tmpl = arch::load_template(args.template_file);
  const auto model = cost::make_cost_model(args.model, tmpl);
  const workload::Workload w = workload::load_workload(args.workload);

  std::mt19937_64 rng(args.seed);
  std::vector<arch::Config> configs;
  configs.reserve(static_cast<std::size_t>(args.n));
  for (long i = 0; i < args.n; ++i) configs.push_back(arch::random_config(tmpl, rng));

  model->evaluate(w, tmpl.baseline());  // warm-up: builds the per-workload summary
  long feasible = 0;
  double checksum = 0.0;
  const auto start = std::chrono::steady_clock::now();
  for (const arch::Config& c : configs) {
    const cost::Metrics m = model->evaluate(w, c);
    feasible += m.feasible;
    checksum += m.latency_ms;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double per_second = static_cast<double>(args.n) / seconds;

  if (args.json) {
    const nlohmann::json out = {{"workload", w.name()},
                                {"layers", w.layers().size()},
                                {"model", model->name()},
                                {"model_version", model->version()},
                                {"evaluations", args.n},
                                {"seconds", seconds},
                                {"evals_per_second", per_second},
                                {"microseconds_per_eval", 1e6 / per_second},
                                {"feasible_fraction", static_cast<double>(feasible) / args.n},
                                {"seed", args.seed},
                                {"latency_ms_sum", checksum}};
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::printf("%s on %s (%zu layers): %ld random configs in %.3f s\n", model->name().c_str(), w.name().c_str(),
              w.layers().size(), args.n, seconds);
  std::printf("evals_per_second: %.0f (%.2f us per evaluation, one thread)\n", per_second, 1e6 / per_second);
  std::printf("mappable configs: %.1f%%\n", 100.0 * static_cast<double>(feasible) / args.n);
}

}  // namespace

void add_bench_commands(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "Micro-benchmarks");
  bench->require_subcommand(1);
  auto args = std::make_shared<BenchArgs>();
  auto* cm = bench->add_subcommand("cost-model", "Cost-model evaluations per second on random configs");
  cm->add_option("--workload", args->workload, "Workload name or file")->capture_default_str();
  cm->add_option("--n", args->n, "Number of random configs")->capture_default_str();
  cm->add_option("--seed", args->seed, "Seed of the random configs")->check(CLI::NonNegativeNumber)->capture_default_str();
  cm->add_option("--model", args->model, "Cost model")->capture_default_str();
  cm->add_option("--template", args->template_file,
                 "Template file (default: $ARCHEX_TEMPLATE, else the shipped edge template)");
  cm->add_flag("--json", args->json, "Print JSON");
  cm->callback([args] { run_bench(*args); });
}

}  // namespace archex::exp
