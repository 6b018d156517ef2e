// `archex evaluate`: one config (baseline, a config file or --set
// assignments) on a workload, as a per-layer table or JSON; with --batch,
// JSON Lines of configs on stdin -> one JSON result per line, so an external
// optimizer can drive the model. `archex calibrate`: fit the model's
// efficiency / overhead coefficients to measured per-layer cycles.

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "accelerator-template/config_io.h"
#include "cost-models/analytical.h"
#include "cost-models/calibration.h"
#include "cost-models/hierarchy_model.h"
#include "cost-models/metrics_json.h"
#include "cost-models/registry.h"
#include "cost-models/validation.h"
#include "experiments/commands.h"
#include "experiments/evaluate_batch.h"
#include "experiments/evaluation_json.h"
#include "experiments/human_text.h"
#include "experiments/json_input.h"
#include "experiments/study_view.h"
#include "explorer/sqlite_trial_store.h"
#include "workloads/registry.h"
#include "workloads/yaml_fields.h"

namespace archex::exp {

namespace {

// What selects the config and model, shared by evaluate and calibrate.
struct ModelArgs {
  std::string workload;
  std::string template_file;
  std::string config_file;
  std::vector<std::string> assignments;
  std::string calibration_file;

  // `workload_required`: false for evaluate, whose --study names the workloads.
  void add_to(CLI::App* cmd, bool workload_required = true) {
    auto* w = cmd->add_option("workload,--workload,-w", workload, "Zoo name, saved workload or workload file");
    if (workload_required) w->required();
    cmd->add_option("--template", template_file,
                    "Template name (archex templates list) or file (default: $ARCHEX_TEMPLATE, else apollo_edge)");
    cmd->add_option("--config", config_file, "Config file: YAML / JSON mapping parameter -> value");
    cmd->add_option("--set", assignments,
                    "name=value ... (one or more; sizes as 256KiB, choices by name), applied on top of the "
                    "baseline or --config")
        ->expected(1, CLI::detail::expected_max_vector_size);
    cmd->add_option("--calibration", calibration_file, "Model coefficients written by `archex calibrate --out`");
  }

  arch::Config config(const arch::Template& tmpl) const {
    std::map<std::string, std::int64_t> values;
    if (!config_file.empty()) {
      for (const auto& kv : arch::named_values(tmpl, arch::load_config_file(tmpl, config_file))) values.insert(kv);
    }
    for (const std::string& a : assignments) {
      const auto [name, value] = arch::parse_assignment(tmpl, a);
      values[name] = value;
    }
    return tmpl.make_config(values);
  }

  // The calibration file read by `read` (options_from_json for the edge
  // model, calibration_from_json for architecture templates).
  template <typename Read>
  auto calibration(Read read) const -> decltype(read(nlohmann::json{})) {
    if (calibration_file.empty()) return read(nlohmann::json::object());
    const std::string text = yaml::read_user_file(calibration_file, "calibration file", &cost::raise_cost_model_error);
    try {
      return read(parse_user_json(text, calibration_file));
    } catch (const cost::CostModelError& e) {
      throw UsageError(calibration_file + ": " + e.what());
    } catch (const std::runtime_error& e) {  // parse_user_json names the file
      throw UsageError(e.what());
    }
  }
  cost::AnalyticalOptions model_options() const { return calibration(&cost::options_from_json); }
  cost::HierarchyCalibration hierarchy_calibration() const { return calibration(&cost::calibration_from_json); }
};

struct EvaluateArgs : ModelArgs {
  bool baseline = false;
  bool json = false;
  bool batch = false;
  int batch_size = 1;
  std::string study, db = "archex.db";
  int trial = -1;  // with --study: that trial, else the best
};

// The template's model: the generic one for architecture templates, the edge
// model for edge-constants templates, either with calibrated coefficients.
std::unique_ptr<cost::CostModel> make_model(const arch::Template& tmpl, const ModelArgs& args) {
  if (tmpl.architecture() != nullptr)
    return std::make_unique<cost::HierarchyModel>(tmpl, args.hierarchy_calibration());
  return std::make_unique<cost::AnalyticalModel>(tmpl, args.model_options());
}

const char* short_bound(cost::Bound b) { return cost::bound_name(b); }

void print_table(const workload::Workload& w, const arch::Template& tmpl, const arch::Config& config,
                 const cost::Metrics& m, int batch_size) {
  std::printf("workload %s on template %s", w.name().c_str(), tmpl.name().c_str());
  if (batch_size != 1) std::printf(", batch %d", batch_size);
  std::printf("\nconfig:");
  for (std::size_t p = 0; p < config.values.size(); ++p)
    std::printf(" %s=%s", tmpl.parameters()[p].name.c_str(), tmpl.value_text(p, config.values[p]).c_str());
  std::printf("\n\n");
  if (!m.feasible) {
    std::printf("infeasible: %s\narea: %.3f mm^2\n", m.reason.c_str(), m.area_mm2);
    return;
  }
  bool pes = false;
  for (const auto& l : m.layers) pes |= l.active_pes >= 0;
  std::printf("%4s %-28s %10s %10s %-9s %6s %-18s %10s%s\n", "#", "layer", "MACs", "cycles", "bound", "util",
              "dataflow", "DRAM", pes ? "    PEs" : "");
  const auto layers = w.layers();
  for (std::size_t i = 0; i < m.layers.size() && i < layers.size(); ++i) {
    const cost::LayerMetrics& l = m.layers[i];
    std::printf("%4zu %-28s %10s %10lld %-9s %5.1f%% %-18s %10s", i, fit_text(layers[i].name, 28).c_str(),
                human_count(layers[i].macs).c_str(), static_cast<long long>(l.cycles), short_bound(l.bound),
                100.0 * l.utilization, fit_text(l.dataflow, 18).c_str(), human_bytes(l.dram_bytes).c_str());
    if (pes && l.active_pes >= 0) std::printf(" %6lld", static_cast<long long>(l.active_pes));
    std::printf("\n");
  }
  std::printf("\nlatency: %lld cycles = %.4f ms (%.1f inferences/s)\n", static_cast<long long>(m.latency_cycles),
              m.latency_ms, m.throughput_ips);
  std::printf("area: %.3f mm^2\nenergy: %.3f uJ per %s (", m.area_mm2, m.energy_uj,
              batch_size == 1 ? "inference" : "batch");
  if (!m.energy_by_name.empty()) {
    for (std::size_t i = 0; i < m.energy_by_name.values.size(); ++i)
      std::printf("%s%s %.3f", i ? ", " : "", (*m.energy_by_name.names)[i].c_str(), m.energy_by_name.values[i]);
  } else {
    std::printf("MAC %.3f, register %.3f, PE array %.3f, buffers %.3f, DRAM %.3f",
                m.energy_uj_by_level[cost::kEnergyMac], m.energy_uj_by_level[cost::kEnergyRegister],
                m.energy_uj_by_level[cost::kEnergyPeArray], m.energy_uj_by_level[cost::kEnergyGlobalBuffer],
                m.energy_uj_by_level[cost::kEnergyDram]);
  }
  std::printf(")\nDRAM traffic: %s (%lld bytes)\n", human_bytes(m.dram_bytes).c_str(),
              static_cast<long long>(m.dram_bytes));
}

// One JSON result line per stdin line; a bad line gets an error object.
void run_batch(const workload::Workload& w, const arch::Template& tmpl, const cost::CostModel& model,
               const cost::EvaluateOptions& options) {
  std::string line;
  long line_number = 0;
  while (std::getline(std::cin, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::cout << batch_output_line(evaluate_batch_line(line, line_number, w, tmpl, model, options)) << "\n";
  }
  std::cout.flush();
}

// One workload on one config: the per-layer table, or the JSON object.
nlohmann::json evaluate_one(const EvaluateArgs& args, const arch::Template& tmpl, const cost::CostModel& model,
                            const workload::Workload& w, const arch::Config& config) {
  const cost::Metrics m =
      model.evaluate(w, config, cost::EvaluateOptions{.per_layer = true, .batch_size = args.batch_size});
  if (!args.json) {
    print_table(w, tmpl, config, m, args.batch_size);
    return nullptr;
  }
  return evaluation_report_json(m, w, tmpl, config, model, args.batch_size);
}

// evaluate --study S [--trial N]: a stored design (the best by default) on the
// study's template and workloads (or the one --workload names), with its
// per-layer breakdown.
void run_evaluate_stored(const EvaluateArgs& args) {
  if (args.baseline || !args.config_file.empty() || !args.assignments.empty() || args.batch)
    throw UsageError("--study evaluates a stored design; drop --baseline / --config / --set / --batch");
  if (!args.template_file.empty()) throw UsageError("--study uses the study's template; drop --template");
  auto store = open_existing_store(args.db, true);
  const StudyView view = load_study_view(store, args.study, args.trial >= 0);
  const explore::TrialRecord* trial = nullptr;
  if (args.trial >= 0) {
    for (const auto& t : view.trials)
      if (t.number == args.trial) trial = &t;
    if (trial == nullptr)
      throw UsageError("study " + args.study + " has no trial " + std::to_string(args.trial) + " (it has " +
                       std::to_string(view.trials.size()) + ")");
    if (trial->params_json.empty())
      throw UsageError("trial " + std::to_string(args.trial) + " of " + args.study + " has no config yet");
  } else {
    if (!view.best) throw UsageError("study " + args.study + " has no feasible trial yet; pass --trial N");
    trial = &*view.best;
  }
  const arch::Template tmpl = arch::load_template(view.spec.template_file);
  if (!view.template_hash.empty() && view.template_hash != tmpl.content_hash())
    std::cerr << "archex: warning: template " << tmpl.name()
              << " changed since the study was created; evaluating with the current file\n";
  const auto model = make_model(tmpl, args);
  std::map<std::string, std::int64_t> values;
  const nlohmann::json params = nlohmann::json::parse(trial->params_json);
  for (const auto& [name, value] : params.items()) values[name] = value.get<std::int64_t>();
  const arch::Config config = tmpl.make_config(values);
  std::vector<std::string> names;
  for (const auto& entry : view.spec.workloads) names.push_back(entry.name);
  if (!args.workload.empty()) {
    if (std::find(names.begin(), names.end(), args.workload) == names.end())
      throw UsageError("study " + args.study + " does not run workload '" + args.workload + "'");
    names = {args.workload};
  }
  if (!args.json) std::printf("study %s, trial %d\n", args.study.c_str(), trial->number);
  nlohmann::json results = nlohmann::json::array();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!args.json && i > 0) std::printf("\n");
    nlohmann::json j = evaluate_one(args, tmpl, *model, workload::load_workload(names[i]), config);
    if (args.json) {
      j["study"] = args.study;
      j["trial"] = trial->number;
      results.push_back(std::move(j));
    }
  }
  if (args.json) std::cout << (results.size() == 1 ? results[0] : results).dump(2) << "\n";
}

void check_batch_size(int batch_size) {
  if (batch_size < 1 || batch_size > cost::kMaxBatchSize)
    throw UsageError("--batch-size must be from 1 to " + std::to_string(cost::kMaxBatchSize) + ", got " +
                     std::to_string(batch_size));
}

void run_evaluate(const EvaluateArgs& args) {
  if (!args.study.empty()) return run_evaluate_stored(args);
  if (args.trial >= 0) throw UsageError("--trial needs --study");
  if (args.workload.empty()) throw UsageError("evaluate needs a workload (archex evaluate WORKLOAD) or --study");
  if (args.baseline && (!args.config_file.empty() || !args.assignments.empty()))
    throw UsageError("--baseline cannot be combined with --config or --set");
  if (args.batch && (args.baseline || !args.config_file.empty() || !args.assignments.empty()))
    throw UsageError("--batch reads configs from stdin; drop --baseline / --config / --set");
  check_batch_size(args.batch_size);
  const arch::Template tmpl = arch::load_template(args.template_file);
  const auto model = make_model(tmpl, args);
  const workload::Workload w = workload::load_workload(args.workload);
  if (args.batch) {
    run_batch(w, tmpl, *model, cost::EvaluateOptions{.batch_size = args.batch_size});
    return;
  }
  const nlohmann::json j = evaluate_one(args, tmpl, *model, w, args.config(tmpl));
  if (args.json) std::cout << j.dump(2) << "\n";
}

struct CalibrateArgs : ModelArgs {
  std::string measured;
  std::string out;
  int max_iterations = 200;
  int batch_size = 1;
};

void run_calibrate(const CalibrateArgs& args) {
  check_batch_size(args.batch_size);
  const arch::Template tmpl = arch::load_template(args.template_file);
  const workload::Workload w = workload::load_workload(args.workload);
  const auto measurements = cost::read_measurements_csv(args.measured, tmpl, args.config(tmpl), w.layers());
  cost::CalibrationOptions options;
  options.max_iterations = args.max_iterations;
  cost::CalibrationResult r;
  nlohmann::json fitted;
  if (tmpl.architecture() != nullptr) {
    const cost::HierarchyModel model(tmpl, args.hierarchy_calibration());
    const cost::HierarchyCalibration& start = model.calibration();
    options.start.compute_efficiency = start.efficiency.compute;
    options.start.onchip_efficiency = start.efficiency.onchip;
    options.start.dram_efficiency = start.efficiency.dram;
    options.start.layer_overhead_cycles = start.layer_overhead_cycles.value_or(tmpl.architecture()->layer_overhead_cycles);
    r = cost::calibrate(model, w, measurements, args.batch_size, options);
    fitted = cost::calibration_to_json({{r.options.compute_efficiency, r.options.onchip_efficiency,
                                         r.options.dram_efficiency},
                                        r.options.layer_overhead_cycles});
  } else {
    if (args.batch_size != 1)
      throw UsageError("--batch-size: template '" + tmpl.name() + "' (edge-constants form) evaluates batch size 1 only");
    const cost::AnalyticalModel model(tmpl, args.model_options());
    options.start = model.options();
    r = cost::calibrate(tmpl, *model.prepare(w), measurements, options);
    fitted = cost::options_to_json(r.options);
  }
  std::printf("calibrated on %zu measured layers of %s\n", r.samples, w.name().c_str());
  std::printf("  compute_efficiency    %.4f\n  onchip_efficiency     %.4f\n  dram_efficiency       %.4f\n"
              "  layer_overhead_cycles %.1f\n",
              r.options.compute_efficiency, r.options.onchip_efficiency, r.options.dram_efficiency,
              r.options.layer_overhead_cycles);
  std::printf("rms relative error: %.4f -> %.4f\n", r.initial_rms_relative_error, r.final_rms_relative_error);
  std::printf("layers bound by compute %zu, on-chip %zu, DRAM %zu, overhead %zu "
              "(a coefficient with no bound layer is not determined by the data)\n",
              r.bound_counts[0], r.bound_counts[1], r.bound_counts[2], r.bound_counts[3]);
  std::printf("ceres: %s\n", r.solver_report.c_str());
  if (!args.out.empty()) {
    std::ofstream out(args.out);
    if (!out) throw UsageError(args.out + ": cannot write the calibration file");
    out << fitted.dump(2) << "\n";
    std::printf("wrote %s (use with `archex evaluate --calibration %s`)\n", args.out.c_str(), args.out.c_str());
  }
}

struct ValidateArgs : ModelArgs {
  std::string measured;
  int batch_size = 1;
  bool json = false;
};

std::string percent(const std::optional<double>& error) {
  if (!error) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f%%", 100.0 * *error);
  return buf;
}

std::string number(const std::optional<double>& value, int decimals) {
  if (!value) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, *value);
  return buf;
}

void run_validate(const ValidateArgs& args) {
  check_batch_size(args.batch_size);
  const arch::Template tmpl = arch::load_template(args.template_file);
  const auto model = make_model(tmpl, args);
  const workload::Workload w = workload::load_workload(args.workload);
  const auto measured = cost::read_validation_csv(args.measured, w.layers());
  const arch::Config config = args.config(tmpl);
  const cost::Metrics m =
      model->evaluate(w, config, cost::EvaluateOptions{.per_layer = true, .batch_size = args.batch_size});
  if (!m.feasible) throw UsageError("template '" + tmpl.name() + "' cannot run '" + w.name() + "': " + m.reason);
  const cost::ValidationReport report = cost::compare_with_measurements(m, measured);
  using cost::ValidatedMetric;
  if (args.json) {
    nlohmann::json layers = nlohmann::json::array();
    for (const auto& row : report.rows) {
      nlohmann::json j = {{"layer", row.layer}};
      for (int k = 0; k < cost::kValidatedMetrics; ++k) {
        if (!row.measured[k] && !row.predicted[k]) continue;
        nlohmann::json v = nlohmann::json::object();
        if (row.predicted[k]) v["predicted"] = *row.predicted[k];
        if (row.measured[k]) v["measured"] = *row.measured[k];
        if (row.relative_error[k]) v["relative_error"] = *row.relative_error[k];
        j[cost::validated_metric_name(static_cast<ValidatedMetric>(k))] = std::move(v);
      }
      layers.push_back(std::move(j));
    }
    nlohmann::json mean = nlohmann::json::object(), worst = nlohmann::json::object();
    for (int k = 0; k < cost::kValidatedMetrics; ++k) {
      const char* name = cost::validated_metric_name(static_cast<ValidatedMetric>(k));
      if (report.mean_abs_error[k]) mean[name] = *report.mean_abs_error[k];
      if (report.max_abs_error[k]) worst[name] = *report.max_abs_error[k];
    }
    const nlohmann::json out = {{"template", tmpl.name()},   {"workload", w.name()},
                                {"batch_size", args.batch_size}, {"measured", args.measured},
                                {"model_version", model->version()}, {"layers", layers},
                                {"mean_abs_error", mean},    {"max_abs_error", worst}};
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::printf("%s on %s, batch %d, against %s\n\n", w.name().c_str(), tmpl.name().c_str(), args.batch_size,
              args.measured.c_str());
  std::printf("%-20s %28s %22s %28s %28s\n", "layer", "latency ms (model / chip)", "active PEs",
              "DRAM MB (model / chip)", "power mW (model / chip)");
  for (const auto& row : report.rows) {
    auto cell = [&](int k, int decimals) {
      return number(row.predicted[k], decimals) + " / " + number(row.measured[k], decimals) + " " +
             percent(row.relative_error[k]);
    };
    std::printf("%-20s %28s %22s %28s %28s\n", fit_text(row.layer, 20).c_str(), cell(cost::kLatencyMs, 2).c_str(),
                cell(cost::kActivePes, 0).c_str(), cell(cost::kDramMb, 2).c_str(), cell(cost::kPowerMw, 0).c_str());
  }
  std::printf("\nmean |error|:");
  for (int k = 0; k < cost::kValidatedMetrics; ++k)
    if (report.mean_abs_error[k])
      std::printf(" %s %.1f%% (max %.1f%%)", cost::validated_metric_name(static_cast<ValidatedMetric>(k)),
                  100.0 * *report.mean_abs_error[k], 100.0 * *report.max_abs_error[k]);
  std::printf("\n");
}

}  // namespace

void add_evaluate_commands(CLI::App& app) {
  auto eval = std::make_shared<EvaluateArgs>();
  auto* evaluate = app.add_subcommand("evaluate", "Evaluate accelerator configs on a workload");
  eval->add_to(evaluate, false);
  evaluate->add_option("--study,-s", eval->study, "Evaluate a stored design of this study (its best by default)");
  evaluate->add_option("--trial", eval->trial, "With --study: the trial number to evaluate")
      ->check(CLI::NonNegativeNumber);
  evaluate->add_option("--db", eval->db, "Trial database (with --study)")->capture_default_str();
  evaluate->add_flag("--baseline", eval->baseline, "Evaluate the template's baseline (the default)");
  evaluate->add_flag("--json", eval->json, "Print JSON");
  evaluate->add_flag("--batch", eval->batch, "Read JSON Lines configs on stdin, write one JSON result per line");
  evaluate->add_option("--batch-size", eval->batch_size, "Images per evaluation (weights reused across them)")
      ->capture_default_str();
  evaluate->callback([eval] { run_evaluate(*eval); });

  auto cal = std::make_shared<CalibrateArgs>();
  auto* calibrate = app.add_subcommand("calibrate", "Fit the cost model's coefficients to measured layer cycles");
  cal->add_to(calibrate);
  calibrate->add_option("--measured", cal->measured, "CSV with columns layer,cycles[,<parameter>...]")->required();
  calibrate->add_option("--out", cal->out, "Write the fitted coefficients (JSON) here");
  calibrate->add_option("--max-iterations", cal->max_iterations, "Ceres iterations")->capture_default_str();
  calibrate->add_option("--batch-size", cal->batch_size, "Images per evaluation, as measured")->capture_default_str();
  calibrate->callback([cal] { run_calibrate(*cal); });

  auto val = std::make_shared<ValidateArgs>();
  auto* validate = app.add_subcommand("validate", "Compare the model's per-layer predictions with measurements");
  val->add_to(validate);
  validate->add_option("--measured", val->measured,
                       "CSV with columns layer[,latency_ms][,active_pes][,dram_mb][,power_mw][,energy_uj]")
      ->required();
  validate->add_option("--batch-size", val->batch_size, "Images per evaluation, as measured")->capture_default_str();
  validate->add_flag("--json", val->json, "Print JSON");
  validate->callback([val] { run_validate(*val); });
}

}  // namespace archex::exp
