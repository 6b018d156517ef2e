// Evaluating configs from Python: one config with the per-layer breakdown
// (the object `archex evaluate --json` prints), or many at once in C++
// threads with the GIL released, into NumPy arrays.

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "experiments/evaluation_json.h"
#include "experiments/commands.h"
#include "experiments/python/bindings.h"
#include "experiments/python/python_json.h"

namespace archex::py {

namespace pyb = pybind11;

namespace {

cost::EvaluateOptions options(int batch_size, bool per_layer) {
  if (batch_size < 1) throw exp::UsageError("batch_size must be >= 1, got " + std::to_string(batch_size));
  return cost::EvaluateOptions{.per_layer = per_layer, .batch_size = batch_size};
}

// Rows of value indices (an N x P integer array) -> configs; an index outside
// a parameter's value list names the row, the parameter and the range.
std::vector<arch::Config> configs_from_indices(const arch::Template& tmpl, const pyb::array& array) {
  const auto& params = tmpl.parameters();
  if (!pyb::isinstance<pyb::array_t<std::int64_t>>(array) && array.dtype().kind() != 'i' && array.dtype().kind() != 'u')
    throw pyb::type_error("configs: a NumPy array of value indices must have an integer dtype, got " +
                          pyb::str(array.dtype()).cast<std::string>());
  const auto indices = pyb::array_t<std::int64_t, pyb::array::c_style | pyb::array::forcecast>::ensure(array);
  if (indices.ndim() != 2 || indices.shape(1) != static_cast<pyb::ssize_t>(params.size()))
    throw exp::UsageError("configs: expected an array of shape (N, " + std::to_string(params.size()) +
                          ") of value indices, one column per parameter of template '" + tmpl.name() + "'");
  const auto view = indices.unchecked<2>();
  std::vector<arch::Config> configs(static_cast<std::size_t>(view.shape(0)));
  for (pyb::ssize_t row = 0; row < view.shape(0); ++row) {
    auto& values = configs[static_cast<std::size_t>(row)].values;
    values.resize(params.size());
    for (std::size_t p = 0; p < params.size(); ++p) {
      const std::int64_t index = view(row, static_cast<pyb::ssize_t>(p));
      if (index < 0 || index >= static_cast<std::int64_t>(params[p].values.size()))
        throw arch::TemplateError("configs[" + std::to_string(row) + "]: parameter '" + params[p].name +
                                  "': index " + std::to_string(index) + " is outside 0.." +
                                  std::to_string(params[p].values.size() - 1));
      values[p] = params[p].values[static_cast<std::size_t>(index)];
    }
  }
  return configs;
}

std::vector<arch::Config> configs_from_python(const arch::Template& tmpl, pyb::handle configs) {
  if (pyb::isinstance<pyb::array>(configs)) return configs_from_indices(tmpl, configs.cast<pyb::array>());
  std::vector<arch::Config> out;
  std::size_t row = 0;
  for (auto config : configs) {
    out.push_back(config_from_python(tmpl, config, "configs[" + std::to_string(row) + "]"));
    ++row;
  }
  return out;
}

pyb::dict evaluate_many(const workload::Workload& w, pyb::handle configs_in, const TemplateHandle& t, int threads,
                        int batch_size) {
  if (threads < 0) throw exp::UsageError("threads must be >= 0 (0: every core), got " + std::to_string(threads));
  const cost::EvaluateOptions eval_options = options(batch_size, false);
  const std::vector<arch::Config> configs = configs_from_python(t.tmpl, configs_in);
  const auto n = static_cast<pyb::ssize_t>(configs.size());
  pyb::array_t<double> latency(n), area(n), energy(n);
  pyb::array_t<bool> feasible(n);
  double* latency_out = latency.mutable_data();
  double* area_out = area.mutable_data();
  double* energy_out = energy.mutable_data();
  bool* feasible_out = feasible.mutable_data();
  {
    pyb::gil_scoped_release release;
    const cost::CostModel& model = *t.model;
    auto evaluate_range = [&](const tbb::blocked_range<std::size_t>& range) {
      for (std::size_t i = range.begin(); i != range.end(); ++i) {
        try {
          const cost::Metrics m = model.evaluate(w, configs[i], eval_options);
          latency_out[i] = m.latency_ms;
          area_out[i] = m.area_mm2;
          energy_out[i] = m.energy_uj;
          feasible_out[i] = m.feasible;
        } catch (const std::exception&) {
          // A config that breaks one of the template's rules is not a design.
          constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
          latency_out[i] = area_out[i] = energy_out[i] = kNaN;
          feasible_out[i] = false;
        }
      }
    };
    const tbb::blocked_range<std::size_t> all(0, configs.size(), 256);
    if (threads == 1) {
      evaluate_range(all);
    } else {
      tbb::task_arena arena(threads == 0 ? tbb::task_arena::automatic : threads);
      arena.execute([&] { tbb::parallel_for(all, evaluate_range); });
    }
  }
  pyb::dict out;
  out["latency_ms"] = latency;
  out["area_mm2"] = area;
  out["energy_uj"] = energy;
  out["feasible"] = feasible;
  return out;
}

}  // namespace

void bind_evaluate(pyb::module_& m) {
  m.def(
      "evaluate",
      [](const workload::Workload& w, pyb::object config, const TemplateHandle& t, int batch_size, bool per_layer) {
        const arch::Config c = config_from_python(t.tmpl, config, "config");
        cost::Metrics metrics;
        {
          pyb::gil_scoped_release release;
          metrics = t.model->evaluate(w, c, options(batch_size, per_layer));
        }
        return to_python(exp::evaluation_report_json(metrics, w, t.tmpl, c, *t.model, batch_size));
      },
      pyb::arg("workload"), pyb::arg("config"), pyb::arg("template"), pyb::arg("batch_size") = 1,
      pyb::arg("per_layer") = true);
  m.def("evaluate_many", &evaluate_many, pyb::arg("workload"), pyb::arg("configs"), pyb::arg("template"),
        pyb::arg("threads") = 0, pyb::arg("batch_size") = 1);
}

}  // namespace archex::py
