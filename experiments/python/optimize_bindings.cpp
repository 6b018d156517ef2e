// archex's generic optimizers on a user-defined discrete space and a Python
// objective (the way OSS Vizier's designers are used): the optimizers see
// only points (one value index per parameter) and minimised values, as in a
// study, and every random choice flows from the seed through the same
// per-batch Rng a study uses.

#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include "experiments/python/bindings.h"
#include "explorer/study_runner.h"
#include "optimizers/pareto.h"
#include "optimizers/registry.h"

namespace archex::py {

namespace pyb = pybind11;

namespace {

// One parameter: a name, its values (numbers; categorical values are given by
// their index) and whether their order means something.
using ParameterSpec = std::tuple<std::string, std::vector<double>, bool>;

// The outcome of evaluating a point: feasible, its minimised objective values.
using Outcome = std::pair<bool, std::vector<double>>;

pyb::list optimize_loop(const std::vector<ParameterSpec>& parameters,
                        const std::function<Outcome(const opt::Point&, int number)>& evaluate,
                        const std::string& optimizer_name, const opt::Settings& settings, int trials,
                        std::uint64_t seed, int batch, int objectives) {
  if (trials < 1) throw opt::OptimizerError("trials must be >= 1, got " + std::to_string(trials));
  if (batch < 1) throw opt::OptimizerError("batch must be >= 1, got " + std::to_string(batch));
  if (objectives < 1) throw opt::OptimizerError("objectives must be >= 1, got " + std::to_string(objectives));
  std::vector<opt::Parameter> params;
  for (const auto& [name, values, ordinal] : parameters) {
    if (values.empty()) throw opt::OptimizerError("parameter '" + name + "' has no values");
    params.push_back({name, values, ordinal});
  }
  const opt::SearchSpace space(std::move(params));
  std::unique_ptr<opt::Optimizer> optimizer = opt::make_optimizer(optimizer_name, space, settings);
  std::vector<opt::Observation> observations;
  opt::PointSet observed;
  pyb::list proposals;  // (point, proposer) per trial, in order
  while (static_cast<int>(observations.size()) < trials) {
    const int first = static_cast<int>(observations.size());
    const int count = std::min(batch, trials - first);
    opt::Rng rng = explore::proposal_rng(seed, first);
    std::vector<opt::Suggestion> suggestions;
    {
      pyb::gil_scoped_release release;
      suggestions = optimizer->suggest(opt::History{{}, observations, {}, &observed, objectives}, count, rng);
    }
    for (auto& s : suggestions) {
      const int number = static_cast<int>(observations.size());
      const auto [feasible, values] = evaluate(s.point, number);
      opt::Observation o;
      o.point = s.point;
      o.feasible = feasible && static_cast<int>(values.size()) == objectives;
      o.proposer = s.proposer.empty() ? optimizer->name() : s.proposer;
      if (o.feasible) {
        o.value = values.front();
        if (objectives > 1) o.values = values;
      }
      proposals.append(pyb::make_tuple(pyb::cast(s.point), o.proposer));
      observed.insert(o.point);
      observations.push_back(std::move(o));
    }
  }
  return proposals;
}

}  // namespace

void bind_optimize(pyb::module_& m) {
  m.def("optimize_loop", &optimize_loop, pyb::arg("parameters"), pyb::arg("evaluate"), pyb::arg("optimizer"),
        pyb::arg("settings"), pyb::arg("trials"), pyb::arg("seed"), pyb::arg("batch"), pyb::arg("objectives"),
        "Runs an optimizer for `trials` trials; evaluate(point, number) -> (feasible, minimised values). "
        "Returns [(point, proposer), ...].");
  m.def(
      "optimizers",
      [] {
        pyb::list out;
        for (const auto& info : opt::list_optimizers()) {
          pyb::list settings;
          for (const auto& s : info.settings) {
            pyb::dict d;
            d["key"] = s.key;
            d["default"] = s.default_value;
            d["meaning"] = s.meaning;
            settings.append(d);
          }
          pyb::dict d;
          d["name"] = info.name;
          d["summary"] = info.summary;
          d["settings"] = settings;
          out.append(d);
        }
        return out;
      },
      "Every optimizer with its settings (as `archex optimizers --json`).");
  m.def("pareto_front", &opt::pareto_front, pyb::arg("points"),
        "Indices of the points (lists of minimised values) no other point dominates.");
}

}  // namespace archex::py
