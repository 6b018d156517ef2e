// `archex sweep SPEC [--out DIR]`: evaluate a template over a grid of
// parameter values (experiments/sweep.h) and write the CSVs, summary and charts.

#include <cstdio>
#include <iostream>

#include "experiments/commands.h"
#include "experiments/sweep.h"

namespace archex::exp {

void add_sweep_commands(CLI::App& app) {
  struct Args {
    std::string spec, out;
  };
  auto args = std::make_shared<Args>();
  auto* sweep = app.add_subcommand(
      "sweep", "Evaluate a template over a grid of parameter values: per-layer CSV, energy per MAC by level, charts");
  sweep->add_option("spec", args->spec, "Sweep spec (YAML), e.g. experiments/specs/dataflow-comparison.yaml")
      ->required();
  sweep->add_option("--out", args->out, "Output directory (default: sweep-<name>)");
  sweep->callback([args] {
    const SweepSpec spec = read_sweep_spec(args->spec);
    const SweepResult result = run_sweep(spec);
    const std::filesystem::path dir = args->out.empty() ? "sweep-" + spec.name : args->out;
    std::cout << write_sweep_outputs(spec, result, dir);
    std::cout << "\nwrote " << (dir / "sweep.csv").string() << ", energy_per_mac.csv, summary.md and charts\n";
  });
}

}  // namespace archex::exp
