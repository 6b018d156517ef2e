#include "cost-models/calibration.h"

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

#include <ceres/ceres.h>

#include "accelerator-template/config_io.h"
#include "accelerator-template/hardware.h"
#include "cost-models/csv.h"
#include "cost-models/hierarchy_model.h"
#include "cost-models/layer_model.h"
#include "cost-models/registry.h"
#include "workloads/yaml_fields.h"

namespace archex::cost {

namespace {

// The raw components (compute, on-chip, DRAM cycles) of one measured layer,
// per mappable candidate.
struct Sample {
  std::vector<std::array<double, 3>> components;
  double measured = 0.0;
};

template <typename T>
T predict(const Sample& s, const T* x) {
  T best(0.0);
  for (std::size_t i = 0; i < s.components.size(); ++i) {
    T busy = T(s.components[i][0]) / x[0];
    const T onchip = T(s.components[i][1]) / x[1];
    const T dram = T(s.components[i][2]) / x[2];
    if (onchip > busy) busy = onchip;
    if (dram > busy) busy = dram;
    if (i == 0 || busy < best) best = busy;
  }
  return best + x[3];
}

struct RelativeError {
  const Sample* sample;
  template <typename T>
  bool operator()(const T* const x, T* residual) const {
    residual[0] = (predict(*sample, x) - T(sample->measured)) / T(sample->measured);
    return true;
  }
};

double rms_error(const std::vector<Sample>& samples, const double* x) {
  double sum = 0.0;
  for (const Sample& s : samples) {
    const double e = (predict(s, x) - s.measured) / s.measured;
    sum += e * e;
  }
  return samples.empty() ? 0.0 : std::sqrt(sum / static_cast<double>(samples.size()));
}

}  // namespace

void CalibrationOptions::validate() const {
  if (max_iterations < 1)
    throw CostModelError("CalibrationOptions.max_iterations = " + std::to_string(max_iterations) +
                         " violates x >= 1");
  start.validate();
}

std::vector<Measurement> read_measurements_csv(const std::filesystem::path& file, const arch::Template& tmpl,
                                               const arch::Config& base,
                                               std::span<const workload::Layer> layers) {
  std::istringstream in(yaml::read_user_file(file, "measurements file", &raise_cost_model_error));
  std::unordered_map<std::string, std::size_t> layer_index;
  for (std::size_t i = 0; i < layers.size(); ++i) layer_index.emplace(layers[i].name, i);

  std::vector<std::string> header;
  int layer_column = -1, cycles_column = -1;
  std::vector<std::pair<int, std::string>> parameter_columns;
  std::vector<Measurement> out;
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos || line[line.find_first_not_of(" \t")] == '#')
      continue;
    const std::string where = file.string() + ":" + std::to_string(line_number);
    const auto cells = split_csv_line(line);
    if (header.empty()) {
      header = cells;
      for (std::size_t c = 0; c < header.size(); ++c) {
        if (header[c] == "layer") layer_column = static_cast<int>(c);
        else if (header[c] == "cycles") cycles_column = static_cast<int>(c);
        else {
          try {
            tmpl.index_of(header[c]);
          } catch (const arch::TemplateError& e) {
            throw CostModelError(where + ": column '" + header[c] +
                                 "' is neither 'layer', 'cycles' nor a template parameter (" + e.what() + ")");
          }
          parameter_columns.emplace_back(static_cast<int>(c), header[c]);
        }
      }
      if (layer_column < 0 || cycles_column < 0)
        throw CostModelError(where + ": the header must name the columns 'layer' and 'cycles'");
      continue;
    }
    if (cells.size() != header.size())
      throw CostModelError(where + ": expected " + std::to_string(header.size()) + " cells, got " +
                           std::to_string(cells.size()));
    Measurement m;
    const std::string& name = cells[layer_column];
    const auto it = layer_index.find(name);
    if (it == layer_index.end()) throw CostModelError(where + ": unknown layer '" + name + "'");
    m.layer = it->second;
    char* end = nullptr;
    m.cycles = std::strtod(cells[cycles_column].c_str(), &end);
    if (end == cells[cycles_column].c_str() || *end != '\0' || !(m.cycles > 0.0) || !std::isfinite(m.cycles))
      throw CostModelError(where + ": column 'cycles': expected a number > 0, got '" + cells[cycles_column] + "'");
    std::map<std::string, std::int64_t> values;
    for (const auto& kv : arch::named_values(tmpl, base)) values.insert(kv);
    for (const auto& [column, parameter] : parameter_columns) {
      try {
        values[parameter] = arch::parse_assignment(parameter + "=" + cells[column]).second;
      } catch (const arch::TemplateError&) {
        throw CostModelError(where + ": column '" + parameter + "': expected an integer, got '" + cells[column] + "'");
      }
    }
    try {
      m.config = tmpl.make_config(values);
    } catch (const arch::TemplateError& e) {
      throw CostModelError(where + ": " + e.what());
    }
    out.push_back(std::move(m));
  }
  if (out.empty()) throw CostModelError(file.string() + ": no measurements");
  return out;
}

namespace {

CalibrationResult fit(const std::vector<Sample>& samples, const CalibrationOptions& options) {
  if (samples.empty()) throw CostModelError("no measurement of a costed layer to calibrate against");
  const AnalyticalOptions& st = options.start;
  double x[4] = {st.compute_efficiency, st.onchip_efficiency, st.dram_efficiency, st.layer_overhead_cycles};
  CalibrationResult result;
  result.samples = samples.size();
  result.initial_rms_relative_error = rms_error(samples, x);

  ceres::Problem problem;
  for (const Sample& s : samples)
    problem.AddResidualBlock(new ceres::AutoDiffCostFunction<RelativeError, 1, 4>(new RelativeError{&s}), nullptr, x);
  for (int i = 0; i < 3; ++i) {
    problem.SetParameterLowerBound(x, i, 1e-3);
    problem.SetParameterUpperBound(x, i, 1.0);
  }
  problem.SetParameterLowerBound(x, 3, 0.0);
  ceres::Solver::Options solver;
  solver.max_num_iterations = options.max_iterations;
  solver.linear_solver_type = ceres::DENSE_QR;
  solver.num_threads = 1;
  ceres::Solver::Summary summary;
  ceres::Solve(solver, &problem, &summary);

  result.options = st;
  result.options.compute_efficiency = x[0];
  result.options.onchip_efficiency = x[1];
  result.options.dram_efficiency = x[2];
  result.options.layer_overhead_cycles = x[3];
  result.final_rms_relative_error = rms_error(samples, x);
  result.solver_report = summary.BriefReport();
  for (const Sample& s : samples) {
    // Which component binds the chosen candidate at the solution.
    double best_busy = 0.0;
    int bound = 0;
    for (std::size_t i = 0; i < s.components.size(); ++i) {
      const double parts[3] = {s.components[i][0] / x[0], s.components[i][1] / x[1], s.components[i][2] / x[2]};
      int arg = 0;
      for (int k = 1; k < 3; ++k)
        if (parts[k] > parts[arg]) arg = k;
      if (i == 0 || parts[arg] < best_busy) best_busy = parts[arg], bound = arg;
    }
    ++result.bound_counts[best_busy < x[3] ? 3 : bound];
  }
  result.options.validate();
  return result;
}

}  // namespace

CalibrationResult calibrate(const arch::Template& tmpl, const PreparedWorkload& workload,
                            std::span<const Measurement> measurements, const CalibrationOptions& options) {
  options.validate();
  const arch::HardwareResolver resolver(tmpl);
  std::vector<Sample> samples;
  samples.reserve(measurements.size());
  LayerCandidates lc;
  for (const Measurement& m : measurements) {
    if (m.layer >= workload.layer_to_shape.size())
      throw CostModelError("measurement for layer index " + std::to_string(m.layer) + " outside the workload");
    tmpl.validate(m.config);
    const HardwareView view = make_hardware_view(resolver.resolve(m.config), tmpl.constants(), options.start, workload);
    const std::uint32_t shape = workload.layer_to_shape[m.layer];
    cost_layer(workload.shapes[shape], view, lc);
    if (lc.free) continue;  // reshape-like layers have no modelled cost
    Sample s;
    s.measured = m.cycles;
    for (int i = 0; i < lc.count; ++i) {
      if (!lc.candidates[i].mappable) continue;
      s.components.push_back({lc.candidates[i].compute, lc.candidates[i].onchip, lc.candidates[i].dram});
    }
    if (s.components.empty())
      throw CostModelError("layer '" + workload.first_names[shape] + "' cannot be mapped on a measured config");
    samples.push_back(std::move(s));
  }
  return fit(samples, options);
}

CalibrationResult calibrate(const HierarchyModel& model, const workload::Workload& workload,
                            std::span<const Measurement> measurements, int batch_size,
                            const CalibrationOptions& options) {
  options.validate();
  // The mappings are the model's at its current rates, held fixed while the
  // rates are fitted; one evaluation per distinct measured config.
  std::map<std::vector<std::int64_t>, std::vector<std::vector<CycleComponents>>> by_config;
  std::vector<Sample> samples;
  for (const Measurement& m : measurements) {
    if (m.layer >= workload.layers().size())
      throw CostModelError("measurement for layer index " + std::to_string(m.layer) + " outside the workload");
    auto it = by_config.find(m.config.values);
    if (it == by_config.end())
      it = by_config.emplace(m.config.values, model.layer_cycle_components(workload, m.config, batch_size)).first;
    const auto& candidates = it->second[m.layer];
    if (candidates.empty()) continue;  // reshape-like layers have no modelled cost
    Sample s;
    s.measured = m.cycles;
    for (const CycleComponents& c : candidates) s.components.push_back({c.compute, c.onchip, c.dram});
    samples.push_back(std::move(s));
  }
  return fit(samples, options);
}

}  // namespace archex::cost
