#include "experiments/experiment_spec.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "workloads/yaml_fields.h"

#include "explorer/errors.h"
#include "explorer/study_fields.h"
#include "optimizers/registry.h"

namespace archex::exp {
namespace {

using explore::SpecError;

// Parsing context: names the file, line, column and field in every message.
struct Reader {
  std::string source;

  // "FILE:LINE:COL: field 'x'", as the study spec's fields (yaml::YamlField).
  std::string at(const YAML::Node& node, const std::string& field) const {
    if (!node.IsDefined()) return source + ": field '" + field + "'";
    return yaml::YamlField(node, source, field, &explore::raise_spec_error).where();
  }

  [[noreturn]] void fail(const YAML::Node& node, const std::string& field, const std::string& message) const {
    throw SpecError(at(node, field) + ": " + message);
  }

  template <typename T>
  T scalar(const YAML::Node& node, const std::string& field, const char* expected) const {
    if (!node.IsScalar()) fail(node, field, std::string("expected ") + expected);
    try {
      return node.as<T>();
    } catch (const YAML::Exception&) {
      fail(node, field, std::string("expected ") + expected + ", got '" + node.Scalar() + "'");
    }
  }

  std::vector<YAML::Node> list(const YAML::Node& node, const std::string& field) const {
    if (!node.IsSequence()) fail(node, field, "expected a list");
    return {node.begin(), node.end()};
  }
};

std::string format_budget(double mm2) {
  std::ostringstream s;
  s << mm2;
  return s.str();
}

// Study names allow letters, digits and . _ - + @ =; anything else (a path's
// slashes) becomes '_'.
std::string name_safe(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || std::string_view("._-+@=").find(c) != std::string_view::npos;
    out += ok ? c : '_';
  }
  return out;
}

std::string workload_label(const std::string& name) {
  // A file path is labelled by its stem ("models/net.onnx" -> "net").
  if (name.find('/') != std::string::npos || name.find('.') != std::string::npos)
    return name_safe(std::filesystem::path(name).stem().string());
  return name_safe(name);
}

void read_workloads(const Reader& r, const YAML::Node& root, ExperimentSpec& spec) {
  if (root["workloads"]) {
    for (const auto& w : r.list(root["workloads"], "workloads")) {
      const auto text = r.scalar<std::string>(w, "workloads", "a workload name or file");
      auto entries = explore::parse_workload_list(text, r.source + ": field 'workloads'");
      if (entries.size() != 1) r.fail(w, "workloads", "one workload per entry (use workload_sets for sets)");
      spec.workloads.push_back(WorkloadGroup{workload_label(entries[0].name), entries});
    }
  }
  if (root["workload_sets"]) {
    for (const auto& s : r.list(root["workload_sets"], "workload_sets")) {
      if (!s.IsMap()) r.fail(s, "workload_sets", "expected {name: ..., workloads: [...]}");
      for (const auto& kv : s) {
        const auto key = kv.first.as<std::string>();
        if (key != "name" && key != "workloads") r.fail(kv.first, "workload_sets." + key, "unknown key (expected name, workloads)");
      }
      WorkloadGroup group;
      group.label = name_safe(r.scalar<std::string>(s["name"], "workload_sets.name", "a set name"));
      for (const auto& w : r.list(s["workloads"], "workload_sets.workloads")) {
        const auto text = r.scalar<std::string>(w, "workload_sets.workloads", "a workload name[:weight]");
        for (auto& e : explore::parse_workload_list(text, r.source + ": field 'workload_sets.workloads'"))
          group.workloads.push_back(std::move(e));
      }
      if (group.workloads.empty()) r.fail(s, "workload_sets.workloads", "a set needs at least one workload");
      spec.workloads.push_back(std::move(group));
    }
  }
  if (spec.workloads.empty()) r.fail(root, "workloads", "give at least one workload or workload set");
  std::set<std::string> labels;
  for (const auto& g : spec.workloads)
    if (!labels.insert(g.label).second) r.fail(root, "workloads", "'" + g.label + "' appears twice");
}

void read_optimizers(const Reader& r, const YAML::Node& node, ExperimentSpec& spec) {
  for (const auto& o : r.list(node, "optimizers")) {
    ExperimentOptimizer opt;
    if (o.IsScalar()) {
      opt.name = o.as<std::string>();
    } else if (o.IsMap()) {
      for (const auto& kv : o) {
        const auto key = kv.first.as<std::string>();
        if (key == "name") {
          opt.name = r.scalar<std::string>(kv.second, "optimizers.name", "an optimizer name");
        } else if (key == "label") {
          opt.label = name_safe(r.scalar<std::string>(kv.second, "optimizers.label", "a label"));
        } else if (key == "settings") {
          if (!kv.second.IsMap()) r.fail(kv.second, "optimizers.settings", "expected a map of setting: value");
          for (const auto& s : kv.second)
            opt.settings[s.first.as<std::string>()] = r.scalar<std::string>(s.second, "optimizers.settings", "a value");
        } else {
          r.fail(kv.first, "optimizers." + key, "unknown key (expected name, label, settings)");
        }
      }
    } else {
      r.fail(o, "optimizers", "expected a name or {name, settings, label}");
    }
    if (opt.name.empty()) r.fail(o, "optimizers.name", "missing");
    // Unknown names and bad settings are caught here, before any study runs.
    try {
      const opt::SearchSpace probe({opt::Parameter{"x", {0.0, 1.0}, true}});
      opt::make_optimizer(opt.name, probe, opt.settings);
    } catch (const opt::OptimizerError& e) {
      r.fail(o, "optimizers", e.what());
    }
    if (opt.label.empty()) opt.label = name_safe(opt.name);
    for (const auto& other : spec.optimizers)
      if (other.label == opt.label)
        r.fail(o, "optimizers", "label '" + opt.label + "' used twice; give each variant a distinct `label`");
    spec.optimizers.push_back(std::move(opt));
  }
  if (spec.optimizers.empty()) r.fail(node, "optimizers", "give at least one optimizer");
}

void read_seeds(const Reader& r, const YAML::Node& node, ExperimentSpec& spec) {
  if (node.IsScalar()) {
    const auto n = r.scalar<int>(node, "seeds", "a count (1..1000) or a list of seeds");
    if (n < 1 || n > 1000) r.fail(node, "seeds", "count must be in 1..1000, got " + std::to_string(n));
    for (int i = 0; i < n; ++i) spec.seeds.push_back(static_cast<std::uint64_t>(i));
  } else {
    for (const auto& s : r.list(node, "seeds")) spec.seeds.push_back(r.scalar<std::uint64_t>(s, "seeds", "a non-negative integer"));
    if (spec.seeds.empty()) r.fail(node, "seeds", "give at least one seed");
    if (std::set<std::uint64_t>(spec.seeds.begin(), spec.seeds.end()).size() != spec.seeds.size())
      r.fail(node, "seeds", "seeds must be distinct");
  }
}

void read_budgets_and_transfers(const Reader& r, const YAML::Node& root, ExperimentSpec& spec) {
  const bool needs_budget = explore::uses_budget(spec.study.objectives);
  if (root["budgets"]) {
    if (!needs_budget)
      r.fail(root["budgets"], "budgets", "objective '" + explore::objectives_label(spec.study.objectives) + "' has no area budget");
    for (const auto& b : r.list(root["budgets"], "budgets")) {
      const auto mm2 = r.scalar<double>(b, "budgets", "an area in mm^2");
      if (!(mm2 > 0 && std::isfinite(mm2))) r.fail(b, "budgets", "must be a positive area in mm^2");
      spec.budgets.push_back(mm2);
    }
  } else if (needs_budget) {
    if (const auto budget = explore::default_budget(spec.study.template_file)) spec.budgets.push_back(*budget);
  }
  if (!root["transfer"]) return;
  if (!needs_budget) r.fail(root["transfer"], "transfer", "transfer pairs need a budgeted objective");
  for (const auto& t : r.list(root["transfer"], "transfer")) {
    if (!t.IsMap() || !t["from"] || !t["to"] || t.size() != (t["sources"] ? 3u : 2u))
      r.fail(t, "transfer", "expected {from: MM2, to: MM2} or {from: MM2, to: MM2, sources: [OPTIMIZER, ...]}");
    TransferPair p{r.scalar<double>(t["from"], "transfer.from", "an area in mm^2"),
                   r.scalar<double>(t["to"], "transfer.to", "an area in mm^2"),
                   {}};
    if (t["sources"]) {
      for (const auto& item : r.list(t["sources"], "transfer.sources")) {
        const auto label = r.scalar<std::string>(item, "transfer.sources", "an optimizer label");
        if (std::none_of(spec.optimizers.begin(), spec.optimizers.end(),
                         [&](const ExperimentOptimizer& o) { return o.label == label; }))
          r.fail(item, "transfer.sources", "'" + label + "' is not one of `optimizers`");
        p.sources.push_back(label);
      }
      if (p.sources.empty()) r.fail(t["sources"], "transfer.sources", "give at least one optimizer");
    }
    for (double b : {p.from_mm2, p.to_mm2})
      if (std::find(spec.budgets.begin(), spec.budgets.end(), b) == spec.budgets.end())
        r.fail(t, "transfer", "budget " + format_budget(b) + " mm^2 is not in `budgets`");
    if (p.from_mm2 == p.to_mm2) r.fail(t, "transfer", "from and to must differ");
    spec.transfers.push_back(p);
  }
}

// The study fields every cell of the grid shares (explorer/study_fields.cpp).
bool shared_field(const explore::StudyField& field) { return field.in_experiments; }

}  // namespace

ExperimentSpec parse_experiment_spec(const std::string& yaml_text, const std::string& source) {
  const Reader r{source};
  const YAML::Node root = yaml::parse_yaml(yaml_text, source, &explore::raise_spec_error);
  if (!root.IsMap()) throw SpecError(source + ": expected a YAML map of experiment fields");
  // The grid's own keys; the others are study fields every cell shares.
  static const std::set<std::string> kGridKeys = {"name",  "workloads", "workload_sets", "budgets",
                                                  "optimizers", "seeds", "transfer"};
  explore::StudySpecInput shared;
  for (const auto& kv : root) {
    const auto key = kv.first.as<std::string>();
    if (!kGridKeys.count(key) && !explore::read_yaml_entry(key, kv.first, kv.second, source, shared_field, shared))
      r.fail(kv.first, key, "unknown key (expected one of name, workloads, workload_sets, budgets, optimizers, seeds, "
                            "transfer, " + explore::yaml_keys_text(shared_field) + ")");
  }
  if (!shared.trials) r.fail(root, "trials", "missing (trials per study)");
  ExperimentSpec spec;
  spec.name = root["name"] ? name_safe(r.scalar<std::string>(root["name"], "name", "a name"))
                           : name_safe(std::filesystem::path(source).stem().string());
  for (const auto& field : explore::study_fields())
    if (field.in_experiments && field.resolve) field.resolve(shared, false, spec.study);
  read_workloads(r, root, spec);
  if (!root["optimizers"]) r.fail(root, "optimizers", "missing (e.g. optimizers: [random, evolution])");
  read_optimizers(r, root["optimizers"], spec);
  if (root["seeds"]) read_seeds(r, root["seeds"], spec);
  else spec.seeds = {0};
  read_budgets_and_transfers(r, root, spec);
  // Every cell must be a valid study spec: catches e.g. a multi-workload set
  // with the latency objective, before anything runs.
  for (const auto& cell : expand_cells(spec)) {
    try {
      cell.spec.validate();
    } catch (const SpecError& e) {
      throw SpecError(source + ": study '" + cell.spec.name + "': " + e.what());
    }
  }
  return spec;
}

ExperimentSpec read_experiment_spec(const std::filesystem::path& file) {
  return parse_experiment_spec(yaml::read_user_file(file, "experiment spec", &explore::raise_spec_error), file.string());
}

std::vector<ExperimentCell> expand_cells(const ExperimentSpec& spec) {
  std::vector<ExperimentCell> cells;
  const std::vector<std::optional<double>> budgets =
      spec.budgets.empty() ? std::vector<std::optional<double>>{std::nullopt}
                           : std::vector<std::optional<double>>(spec.budgets.begin(), spec.budgets.end());
  auto make = [&](const WorkloadGroup& w, const std::optional<double>& budget, const ExperimentOptimizer& o,
                  std::uint64_t seed) {
    explore::StudySpec s = spec.study;  // the shared fields
    s.name = spec.name;
    s.name.append(".").append(w.label);
    if (budget) s.name.append(".").append(format_budget(*budget)).append("mm2");
    s.name.append(".").append(o.label).append(".s").append(std::to_string(seed));
    s.workloads = w.workloads;
    s.budget_mm2 = budget;
    s.optimizer = o.name;
    s.optimizer_settings = o.settings;
    s.seed = seed;
    return s;
  };
  for (const auto& w : spec.workloads)
    for (const auto& o : spec.optimizers)
      for (auto seed : spec.seeds) {
        for (const auto& b : budgets) cells.push_back({make(w, b, o, seed), false, o.label});
        for (const auto& t : spec.transfers) {
          if (!t.sources.empty()) continue;
          auto target = make(w, t.to_mm2, o, seed);
          target.priors = {make(w, t.from_mm2, o, seed).name};
          target.name += ".from" + format_budget(t.from_mm2) + "mm2";
          cells.push_back({std::move(target), true, o.label});
        }
      }
  // Transfers from other optimizers' cells come after every plain cell, so
  // each follows its source.
  for (const auto& t : spec.transfers)
    for (const auto& source : t.sources) {
      const auto& from = *std::find_if(spec.optimizers.begin(), spec.optimizers.end(),
                                       [&](const ExperimentOptimizer& o) { return o.label == source; });
      for (const auto& w : spec.workloads)
        for (const auto& o : spec.optimizers)
          for (auto seed : spec.seeds) {
            auto target = make(w, t.to_mm2, o, seed);
            target.priors = {make(w, t.from_mm2, from, seed).name};
            target.name += ".from" + format_budget(t.from_mm2) + "mm2." + source;
            cells.push_back({std::move(target), true, o.label});
          }
    }
  return cells;
}

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  try {
    if (slash != std::string::npos) {
      std::size_t used_i = 0, used_n = 0;
      const int index = std::stoi(text.substr(0, slash), &used_i);
      const int count = std::stoi(text.substr(slash + 1), &used_n);
      if (used_i == slash && used_n == text.size() - slash - 1 && count >= 1 && index >= 1 && index <= count)
        return {index, count};
    }
  } catch (const std::exception&) {
  }
  throw SpecError("--shard '" + text + "': expected I/N with 1 <= I <= N (e.g. --shard 2/4)");
}

std::vector<ExperimentCell> shard_cells(const std::vector<ExperimentCell>& cells, const Shard& shard) {
  // A group is a study and the transfer cells that take priors from it.
  std::map<std::string, int> group_of;
  std::vector<ExperimentCell> mine;
  int groups = 0;
  for (const auto& cell : cells) {
    int group;
    if (!cell.spec.priors.empty() && group_of.count(cell.spec.priors.front()))
      group = group_of.at(cell.spec.priors.front());
    else
      group = groups++;
    group_of[cell.spec.name] = group;
    if (group % shard.count == shard.index - 1) mine.push_back(cell);
  }
  return mine;
}

}  // namespace archex::exp
