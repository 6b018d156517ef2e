// `archex space show`: the template's parameters, value sets, space size,
// baseline config and its area, and how much of the space fits Apollo's area
// budgets (measured on seeded random configs).

#include <array>
#include <cstdio>
#include <iostream>
#include <random>

#include <nlohmann/json.hpp>

#include "accelerator-template/area_model.h"
#include "accelerator-template/config_io.h"
#include "accelerator-template/hardware.h"
#include "accelerator-template/tech_constants.h"
#include "experiments/commands.h"

namespace archex::exp {

namespace {

constexpr std::array<double, 3> kApolloBudgetsMm2 = {4.8, 5.8, 6.8};

struct SpaceShowArgs {
  std::string template_file;
  bool json = false;
  int samples = 10000;
  std::uint64_t seed = 1;
};

nlohmann::json area_json(const arch::AreaBreakdown& a) {
  return {{"total", a.total()},   {"macs", a.macs}, {"core_memory", a.core_memory},
          {"pe_memory", a.pe_memory}, {"global_memory", a.global_memory}, {"noc", a.noc},
          {"io", a.io},           {"control", a.control}};
}

void show_space(const SpaceShowArgs& args) {
  if (args.samples < 0) throw UsageError("--sample must be >= 0, got " + std::to_string(args.samples));
  const arch::Template tmpl = arch::load_template(args.template_file);
  const arch::HardwareResolver resolver(tmpl);
  const arch::TechConstants& tech = tmpl.constants();
  const arch::AreaBreakdown baseline_area = arch::area_breakdown(tech, resolver.resolve(tmpl.baseline()));

  std::array<int, kApolloBudgetsMm2.size()> within{};
  std::mt19937_64 rng(args.seed);
  for (int i = 0; i < args.samples; ++i) {
    const double area = arch::area_breakdown(tech, resolver.resolve(arch::random_config(tmpl, rng))).total();
    for (std::size_t b = 0; b < kApolloBudgetsMm2.size(); ++b) within[b] += area <= kApolloBudgetsMm2[b];
  }
  auto fraction = [&](std::size_t b) { return args.samples ? static_cast<double>(within[b]) / args.samples : 0.0; };

  if (args.json) {
    nlohmann::json params = nlohmann::json::array();
    for (const auto& p : tmpl.parameters())
      params.push_back({{"name", p.name}, {"unit", p.unit}, {"description", p.description}, {"values", p.values}});
    nlohmann::json baseline = nlohmann::json::object();
    for (const auto& [name, value] : arch::named_values(tmpl, tmpl.baseline())) baseline[name] = value;
    nlohmann::json budgets = nlohmann::json::array();
    for (std::size_t b = 0; b < kApolloBudgetsMm2.size(); ++b)
      budgets.push_back({{"budget_mm2", kApolloBudgetsMm2[b]}, {"fraction_within", fraction(b)}});
    const nlohmann::json out = {{"template", tmpl.name()},
                                {"node", tech.node},
                                {"clock_ghz", tech.clock_ghz},
                                {"parameters", params},
                                {"space_size", tmpl.space_size()},
                                {"baseline", baseline},
                                {"baseline_area_mm2", area_json(baseline_area)},
                                {"random_samples", args.samples},
                                {"seed", args.seed},
                                {"area_budgets", budgets}};
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::printf("template %s (%s, %.2f GHz)\n\n", tmpl.name().c_str(), tech.node.c_str(), tech.clock_ghz);
  std::printf("%-20s %-6s %s\n", "parameter", "unit", "values");
  for (const auto& p : tmpl.parameters()) {
    std::string values;
    for (auto v : p.values) values += (values.empty() ? "" : " ") + std::to_string(v);
    std::printf("%-20s %-6s %s\n", p.name.c_str(), p.unit.c_str(), values.c_str());
  }
  std::printf("\nspace size: %.0f configurations\n\nbaseline:\n", tmpl.space_size());
  for (const auto& [name, value] : arch::named_values(tmpl, tmpl.baseline()))
    std::printf("  %-20s %lld\n", name.c_str(), static_cast<long long>(value));
  const auto& a = baseline_area;
  std::printf("\nbaseline area: %.3f mm^2 (MACs %.3f, core memory %.3f, PE memory %.3f, global memory %.3f, "
              "NoC %.3f, I/O %.3f, control %.3f)\n",
              a.total(), a.macs, a.core_memory, a.pe_memory, a.global_memory, a.noc, a.io, a.control);
  if (args.samples > 0) {
    std::printf("\nrandom configs within Apollo's area budgets (%d samples, seed %llu):\n", args.samples,
                static_cast<unsigned long long>(args.seed));
    for (std::size_t b = 0; b < kApolloBudgetsMm2.size(); ++b)
      std::printf("  <= %.1f mm^2: %.2f%%\n", kApolloBudgetsMm2[b], 100.0 * fraction(b));
  }
}

}  // namespace

void add_space_commands(CLI::App& app) {
  auto* space = app.add_subcommand("space", "Inspect the accelerator design space");
  space->require_subcommand(1);
  auto args = std::make_shared<SpaceShowArgs>();
  auto* show = space->add_subcommand("show", "Parameters, values, space size, baseline and its area");
  show->add_option("--template", args->template_file,
                   "Template file (default: $ARCHEX_TEMPLATE, else the shipped edge template)");
  show->add_flag("--json", args->json, "Print JSON");
  show->add_option("--sample", args->samples, "Random configs sampled for the area-budget fractions")
      ->capture_default_str();
  show->add_option("--seed", args->seed, "Seed of the random configs")->capture_default_str();
  show->callback([args] { show_space(*args); });
}

}  // namespace archex::exp
