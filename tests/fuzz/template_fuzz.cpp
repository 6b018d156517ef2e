// Template files (`--template FILE`): an accepted template must build its
// model, and the baseline and a seeded random config must cost lenet5
// to finite, positive numbers or be infeasible with a reason: the arithmetic
// on template values may not overflow.

#include <cmath>
#include <optional>
#include <random>

#include "accelerator-template/config_io.h"
#include "cost-models/registry.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/model_check.h"
#include "workloads/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archex;
  static const workload::Workload lenet = workload::load_workload("lenet5");
  std::optional<arch::Template> tmpl;
  std::unique_ptr<cost::CostModel> model;
  try {
    tmpl.emplace(arch::Template::load(fuzz::write_temp_file("template.yaml", fuzz::text_of(data, size))));
    model = cost::make_cost_model("analytical", *tmpl);
  } catch (const std::exception&) {
    return 0;
  }
  (void)tmpl->space_size();
  std::mt19937_64 rng(7);
  std::vector<arch::Config> configs{tmpl->baseline()};
  configs.push_back(arch::random_config(*tmpl, rng));
  for (const arch::Config& config : configs) {
    try {
      tmpl->validate(config);  // a random config may break an "invalid" rule
    } catch (const arch::TemplateError&) {
      continue;
    }
    const double area = model->area_mm2(config);
    if (!(std::isfinite(area) && area > 0.0)) fuzz::finding("area " + std::to_string(area) + " mm^2");
    for (const auto& [name, value] : model->area_components(config))
      if (!(std::isfinite(value) && value >= 0.0)) fuzz::finding("area of " + name + ": " + std::to_string(value));
    fuzz::evaluate_and_check(*model, *tmpl, lenet, config, "lenet5 on a fuzzed template");
  }
  return 0;
}
