#include "experiments/sweep.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "accelerator-template/parameter_value.h"
#include "cost-models/registry.h"
#include "experiments/bar_plot.h"
#include "experiments/number_format.h"
#include "explorer/errors.h"
#include "workloads/op_names.h"
#include "workloads/registry.h"
#include "workloads/yaml_fields.h"

namespace archex::exp {

namespace {

using explore::raise_spec_error;

std::string text(double value) { return format_number(value, 6); }

// A parameter value as written: an integer, or a choice parameter's label.
std::int64_t read_value(const arch::Template& tmpl, std::size_t parameter, const YAML::Node& node,
                        const std::string& source) {
  const arch::TemplateParameter& p = tmpl.parameters()[parameter];
  const std::string where = yaml::yaml_location(source, node) + ": parameter '" + p.name + "': ";
  if (!node.IsScalar()) raise_spec_error(where + "expected a value");
  const auto parsed = arch::parse_parameter_value(p, node.Scalar());
  if (!parsed) raise_spec_error(where + "expected one of its values, got '" + node.Scalar() + "'");
  const std::int64_t value = *parsed;
  if (std::find(p.values.begin(), p.values.end(), value) == p.values.end())
    raise_spec_error(where + "value " + node.Scalar() + " is not one of the template's values");
  return value;
}

std::size_t read_parameter(const arch::Template& tmpl, const YAML::Node& key, const std::string& source) {
  try {
    return tmpl.index_of(key.Scalar());
  } catch (const arch::TemplateError& e) {
    raise_spec_error(yaml::yaml_location(source, key) + ": " + e.what());
  }
}

arch::Template load(const std::string& name) {
  try {
    return name.empty() ? arch::Template::load_default() : arch::Template::load_named(name);
  } catch (const arch::TemplateError& e) {
    raise_spec_error(std::string("field 'template': ") + e.what());
  }
}

}  // namespace

SweepSpec read_sweep_spec(const std::filesystem::path& file) {
  const std::string source = file.string();
  const std::string content = yaml::read_user_file(file, "sweep spec", &raise_spec_error);
  const YAML::Node root = yaml::parse_yaml(content, source, &raise_spec_error);
  yaml::YamlFields f(root, source, "sweep", &raise_spec_error);
  SweepSpec spec;
  spec.name = f.optional_text("name").value_or(file.stem().string());
  spec.template_name = f.optional_text("template").value_or("");
  const auto workloads = f.names("workloads");
  if (!workloads || workloads->empty()) f.fail("workloads", "a workload name or a list of them");
  spec.workloads = *workloads;
  spec.batch_size = static_cast<int>(f.integer("batch_size", 1).value_or(1));
  if (spec.batch_size > 4096) f.fail("batch_size", "an integer from 1 to 4096");
  const arch::Template tmpl = load(spec.template_name);
  if (f.has("set")) {
    for (const auto& entry : f.map("set")) {
      const std::size_t p = read_parameter(tmpl, entry.first, source);
      spec.fixed.emplace_back(tmpl.parameters()[p].name, read_value(tmpl, p, entry.second, source));
    }
  }
  for (const auto& entry : f.map("sweep")) {
    const std::size_t p = read_parameter(tmpl, entry.first, source);
    if (!entry.second.IsSequence() || entry.second.size() == 0)
      raise_spec_error(yaml::yaml_location(source, entry.second) + ": sweep: parameter '" + entry.first.Scalar() +
                       "': expected a non-empty list of values");
    std::vector<std::int64_t> values;
    for (const auto& v : entry.second) values.push_back(read_value(tmpl, p, v, source));
    spec.swept.emplace_back(tmpl.parameters()[p].name, std::move(values));
  }
  f.reject_unknown_fields();
  return spec;
}

SweepResult run_sweep(const SweepSpec& spec) {
  SweepResult result{load(spec.template_name), {}, {}, {}, {}};
  const arch::Template& tmpl = result.tmpl;
  const auto model = cost::make_cost_model("analytical", tmpl);
  std::vector<workload::Workload> workloads;
  for (const auto& name : spec.workloads) {
    workloads.push_back(workload::load_workload(name));
    std::vector<std::string> names, ops;
    std::vector<std::int64_t> macs;
    for (const auto& layer : workloads.back().layers()) {
      names.push_back(layer.name);
      ops.emplace_back(workload::op_kind_name(layer.kind));
      macs.push_back(layer.macs);
    }
    result.layer_names.push_back(std::move(names));
    result.ops.push_back(std::move(ops));
    result.macs.push_back(std::move(macs));
  }
  std::vector<std::size_t> index(spec.swept.size(), 0);  // mixed-radix counter over the swept values
  for (;;) {
    std::map<std::string, std::int64_t> values(spec.fixed.begin(), spec.fixed.end());
    std::string label;
    for (std::size_t s = 0; s < spec.swept.size(); ++s) {
      const auto& [name, options] = spec.swept[s];
      values[name] = options[index[s]];
      // One swept parameter: its value is the label; several: name=value pairs.
      const std::string value = tmpl.value_text(tmpl.index_of(name), options[index[s]]);
      label += (label.empty() ? "" : ",") + (spec.swept.size() == 1 ? value : name + "=" + value);
    }
    const arch::Config config = tmpl.make_config(values);
    for (std::size_t w = 0; w < workloads.size(); ++w)
      result.points.push_back({label, config, spec.workloads[w],
                               model->evaluate(workloads[w], config, {.per_layer = true, .batch_size = spec.batch_size})});
    std::size_t s = 0;
    while (s < index.size() && ++index[s] == spec.swept[s].second.size()) index[s++] = 0;
    if (s == index.size()) break;
  }
  return result;
}

std::string write_sweep_outputs(const SweepSpec& spec, const SweepResult& result, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const std::vector<std::string>* names = nullptr;  // the energy breakdown's names
  for (const auto& p : result.points)
    if (p.metrics.feasible && !p.metrics.energy_by_name.empty()) names = p.metrics.energy_by_name.names.get();
  std::vector<std::string> components = names ? *names : std::vector<std::string>{"total"};

  std::ofstream layers_csv(dir / "sweep.csv");
  layers_csv << "point,workload,layer,op,macs,cycles,latency_ms,energy_pj,dram_bytes,active_pes,dataflow";
  for (const auto& c : components) layers_csv << ",energy_pj_" << c;
  layers_csv << "\n";
  // [workload][class] -> per point: MACs and energy by component.
  struct Sum {
    double macs = 0.0;
    std::vector<double> energy;
  };
  std::map<std::string, std::map<std::string, std::vector<std::pair<std::string, Sum>>>> sums;
  for (const auto& p : result.points) {
    const std::size_t w = static_cast<std::size_t>(
        std::find(spec.workloads.begin(), spec.workloads.end(), p.workload) - spec.workloads.begin());
    if (!p.metrics.feasible) continue;
    std::map<std::string, Sum> by_class;
    for (std::size_t i = 0; i < p.metrics.layers.size(); ++i) {
      const cost::LayerMetrics& l = p.metrics.layers[i];
      const std::vector<double> energy = l.energy_pj_by_level.empty() ? std::vector<double>{l.energy_pj} : l.energy_pj_by_level;
      layers_csv << p.label << ',' << p.workload << ',' << result.layer_names[w][i] << ',' << result.ops[w][i] << ','
                 << result.macs[w][i] * spec.batch_size << ',' << l.cycles << ',' << text(l.latency_ms) << ','
                 << text(l.energy_pj) << ',' << l.dram_bytes << ',' << l.active_pes << ',' << l.dataflow;
      for (const double e : energy) layers_csv << ',' << text(e);
      layers_csv << "\n";
      if (result.macs[w][i] == 0) continue;
      for (const std::string& cls : {result.ops[w][i], std::string("all")}) {
        Sum& s = by_class[cls];
        s.energy.resize(energy.size(), 0.0);
        s.macs += static_cast<double>(result.macs[w][i] * spec.batch_size);
        for (std::size_t k = 0; k < energy.size(); ++k) s.energy[k] += energy[k];
      }
    }
    for (auto& [cls, s] : by_class) sums[p.workload][cls].emplace_back(p.label, std::move(s));
  }

  // Energy per MAC in MAC energies (Eyeriss' normalisation) when the breakdown has a "mac" part.
  const auto mac_slot = std::find(components.begin(), components.end(), "mac");
  const bool normalised = mac_slot != components.end();
  const std::string unit = normalised ? "energy per MAC (x one MAC's energy)" : "energy per MAC (pJ)";
  std::ofstream per_mac(dir / "energy_per_mac.csv");
  per_mac << "point,workload,class,macs,energy_per_mac";
  for (const auto& c : components) per_mac << ',' << c;
  per_mac << "\n";
  std::ostringstream md;
  md << "# " << spec.name << "\n\nTemplate `" << result.tmpl.name() << "`, batch " << spec.batch_size << ". " << unit
     << ", by component; ratio to the lowest.\n";
  for (const auto& [workload, classes] : sums) {
    for (const auto& [cls, points] : classes) {
      StackedBars chart{workload + ", " + cls + " layers, batch " + std::to_string(spec.batch_size), unit, {}, components, {}};
      double best = 0.0;
      std::vector<double> totals;
      for (const auto& [label, s] : points) {
        const double scale = normalised ? s.energy[static_cast<std::size_t>(mac_slot - components.begin())] : s.macs;
        std::vector<double> row;
        double total = 0.0;
        for (const double e : s.energy) {
          row.push_back(scale > 0 ? e / scale : 0.0);
          total += row.back();
        }
        totals.push_back(total);
        best = best == 0.0 ? total : std::min(best, total);
        per_mac << label << ',' << workload << ',' << cls << ',' << text(s.macs) << ',' << text(total);
        for (const double v : row) per_mac << ',' << text(v);
        per_mac << "\n";
        chart.categories.push_back(label);
        chart.values.push_back(std::move(row));
      }
      md << "\n## " << workload << ", " << cls << " layers\n\n| point | energy / MAC | vs lowest |";
      for (const auto& c : components) md << ' ' << c << " |";
      md << "\n|---|---|---|";
      for (std::size_t k = 0; k < components.size(); ++k) md << "---|";
      md << "\n";
      for (std::size_t i = 0; i < points.size(); ++i) {
        md << "| " << points[i].first << " | " << text(totals[i]) << " | " << text(totals[i] / best) << "x |";
        for (const double v : chart.values[i]) md << ' ' << text(v) << " |";
        md << "\n";
      }
      std::string stem = "energy_" + workload + "_" + cls;
      for (char& ch : stem)
        if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-') ch = '_';
      draw_stacked_bars(chart, dir, stem);
      md << "\n![" << stem << "](" << stem << ".png)\n";
    }
  }
  std::ofstream(dir / "summary.md") << md.str();
  return md.str();
}

}  // namespace archex::exp
