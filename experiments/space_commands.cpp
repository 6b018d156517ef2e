// `archex space show`: the template's parameters, value sets, space size,
// baseline config and its area by component, and how much of the space fits
// the template's own area budgets (measured on seeded random configs).

#include <cstdio>
#include <iostream>
#include <random>

#include <nlohmann/json.hpp>

#include "accelerator-template/config_io.h"
#include "accelerator-template/tech_constants.h"
#include "cost-models/registry.h"
#include "experiments/commands.h"

namespace archex::exp {

namespace {

struct SpaceShowArgs {
  std::string template_file;
  bool json = false;
  int samples = 10000;
  std::uint64_t seed = 1;
};

void show_space(const SpaceShowArgs& args) {
  if (args.samples < 0) throw UsageError("--sample must be >= 0, got " + std::to_string(args.samples));
  const arch::Template tmpl = arch::load_template(args.template_file);
  const auto model = cost::make_cost_model("analytical", tmpl);
  const arch::TechConstants& tech = tmpl.constants();
  const auto components = model->area_components(tmpl.baseline());
  double baseline_area = 0.0;
  for (const auto& [name, area] : components) baseline_area += area;

  const std::vector<double>& budgets = tmpl.area_budgets_mm2();
  std::vector<int> within(budgets.size(), 0);
  int samples = 0;  // valid ones: configs that break an "invalid" rule are not designs
  std::mt19937_64 rng(args.seed);
  for (int i = 0; i < (budgets.empty() ? 0 : args.samples); ++i) {
    double area = 0.0;
    try {
      area = model->area_mm2(arch::random_config(tmpl, rng));
    } catch (const arch::TemplateError&) {
      continue;
    }
    ++samples;
    for (std::size_t b = 0; b < budgets.size(); ++b) within[b] += area <= budgets[b];
  }
  auto fraction = [&](std::size_t b) { return samples ? static_cast<double>(within[b]) / samples : 0.0; };

  if (args.json) {
    nlohmann::json params = nlohmann::json::array();
    for (const auto& p : tmpl.parameters()) {
      nlohmann::json j = {{"name", p.name}, {"unit", p.unit}, {"description", p.description}, {"values", p.values}};
      if (!p.labels.empty()) j["labels"] = p.labels;
      params.push_back(std::move(j));
    }
    nlohmann::json baseline = nlohmann::json::object();
    for (const auto& [name, value] : arch::named_values(tmpl, tmpl.baseline())) baseline[name] = value;
    nlohmann::json area = {{"total", baseline_area}};
    for (const auto& [name, value] : components) area[name] = value;
    nlohmann::json budget_json = nlohmann::json::array();
    for (std::size_t b = 0; b < budgets.size(); ++b)
      budget_json.push_back({{"budget_mm2", budgets[b]}, {"fraction_within", fraction(b)}});
    const nlohmann::json out = {{"template", tmpl.name()},
                                {"node", tech.node},
                                {"clock_ghz", tech.clock_ghz},
                                {"parameters", params},
                                {"space_size", tmpl.space_size()},
                                {"baseline", baseline},
                                {"baseline_area_mm2", area},
                                {"random_samples", samples},
                                {"seed", args.seed},
                                {"area_budgets", budget_json}};
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::printf("template %s (%s, %.3g GHz)\n\n", tmpl.name().c_str(), tech.node.c_str(), tech.clock_ghz);
  std::printf("%-20s %-6s %s\n", "parameter", "unit", "values");
  for (std::size_t i = 0; i < tmpl.parameters().size(); ++i) {
    const auto& p = tmpl.parameters()[i];
    std::string values;
    for (auto v : p.values) values += (values.empty() ? "" : " ") + tmpl.value_text(i, v);
    std::printf("%-20s %-6s %s\n", p.name.c_str(), p.unit.c_str(), values.c_str());
  }
  std::printf("\nspace size: %.0f configurations\n\nbaseline:\n", tmpl.space_size());
  for (std::size_t i = 0; i < tmpl.parameters().size(); ++i)
    std::printf("  %-20s %s\n", tmpl.parameters()[i].name.c_str(),
                tmpl.value_text(i, tmpl.baseline().values[i]).c_str());
  std::printf("\nbaseline area: %.3f mm^2 (", baseline_area);
  for (std::size_t i = 0; i < components.size(); ++i)
    std::printf("%s%s %.3f", i ? ", " : "", components[i].first.c_str(), components[i].second);
  std::printf(")\n");
  if (samples > 0) {
    std::printf("\nrandom configs within the template's area budgets (%d samples, seed %llu):\n", samples,
                static_cast<unsigned long long>(args.seed));
    for (std::size_t b = 0; b < budgets.size(); ++b)
      std::printf("  <= %.1f mm^2: %.2f%%\n", budgets[b], 100.0 * fraction(b));
  }
}

}  // namespace

void add_space_commands(CLI::App& app) {
  auto* space = app.add_subcommand("space", "Inspect the accelerator design space");
  space->require_subcommand(1);
  auto args = std::make_shared<SpaceShowArgs>();
  auto* show = space->add_subcommand("show", "Parameters, values, space size, baseline and its area");
  show->add_option("--template", args->template_file,
                   "Template name (archex templates list) or file (default: $ARCHEX_TEMPLATE, else apollo_edge)");
  show->add_flag("--json", args->json, "Print JSON");
  show->add_option("--sample", args->samples, "Random configs sampled for the area-budget fractions")
      ->capture_default_str();
  show->add_option("--seed", args->seed, "Seed of the random configs")->check(CLI::NonNegativeNumber)->capture_default_str();
  show->callback([args] { show_space(*args); });
}

}  // namespace archex::exp
