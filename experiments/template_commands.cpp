// `archex templates list|show`: the shipped accelerator templates and what one
// describes (fan-outs, storage levels, dataflows, parameters and what they set).

#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "accelerator-template/architecture.h"
#include "accelerator-template/config_io.h"
#include "accelerator-template/tech_constants.h"
#include "cost-models/registry.h"
#include "experiments/commands.h"

namespace archex::exp {

namespace {

std::string holds_text(const arch::StorageLevel& l) {
  std::string out;
  for (int t = 0; t < arch::kTensors; ++t)
    if (l.holds[t]) out += (out.empty() ? "" : ",") + std::string(arch::tensor_name(static_cast<arch::TensorKind>(t)));
  return out;
}

std::string dims_text(const std::vector<arch::Dim>& dims) {
  std::string out;
  for (const arch::Dim d : dims) out += arch::dim_name(d);
  return out;
}

nlohmann::json architecture_json(const arch::Architecture& a) {
  nlohmann::json fanouts = nlohmann::json::array();
  for (std::size_t i = 0; i < a.fanouts.size(); ++i)
    fanouts.push_back({{"name", a.fanouts[i].name}, {"size", a.fanouts[i].size},
                       {"pe", static_cast<int>(i) < a.pe_depth}});
  nlohmann::json levels = nlohmann::json::array();
  for (const auto& l : a.levels) {
    nlohmann::json j = {{"name", l.name}, {"holds", holds_text(l)}, {"access_energy_pj", l.access_energy_pj},
                        {"network_energy_pj", l.network_energy_pj}, {"multicast", l.multicast}};
    if (l.dram) {
      j["dram"] = true;
      j["bandwidth_gbps"] = l.bandwidth_gbps;
    } else {
      j["per"] = l.depth == 0 ? "chip" : a.fanouts[static_cast<std::size_t>(l.depth - 1)].name;
      j["capacity_words"] = l.capacity_words;
      j["bandwidth_words_per_cycle"] = l.bandwidth_words_per_cycle;
    }
    levels.push_back(std::move(j));
  }
  nlohmann::json dataflows = nlohmann::json::array();
  for (const auto& d : a.dataflows) {
    nlohmann::json spatial = nlohmann::json::array();
    for (const auto& m : d.spatial)
      spatial.push_back({{"fanout", a.fanouts[static_cast<std::size_t>(m.fanout)].name}, {"dims", dims_text(m.dims)}});
    nlohmann::json orders = nlohmann::json::array();
    for (const auto& o : d.orders) orders.push_back(dims_text(o));
    dataflows.push_back({{"name", d.name}, {"spatial", spatial}, {"orders", orders}});
  }
  return {{"clock_mhz", a.clock_mhz}, {"word_bits", a.word_bits}, {"mac_energy_pj", a.mac_energy_pj},
          {"pes", a.pes()}, {"macs_per_cycle", a.macs_per_cycle()}, {"fanouts", fanouts},
          {"storage", levels}, {"dataflows", dataflows}};
}

void list_templates(bool json) {
  nlohmann::json out = nlohmann::json::array();
  if (!json) std::printf("%-16s %-13s %10s %16s  %s\n", "name", "kind", "parameters", "configurations", "description");
  for (const std::string& name : arch::Template::shipped_names()) {
    const arch::Template t = arch::Template::load_named(name);
    const char* kind = t.architecture() != nullptr ? "architecture" : "edge";
    if (json) {
      out.push_back({{"name", t.name()}, {"kind", kind}, {"parameters", t.parameters().size()},
                     {"space_size", t.space_size()}, {"description", t.description()},
                     {"file", t.file().string()}});
    } else {
      std::printf("%-16s %-13s %10zu %16.0f  %s\n", t.name().c_str(), kind, t.parameters().size(), t.space_size(),
                  t.description().c_str());
    }
  }
  if (json) std::cout << out.dump(2) << "\n";
}

void show_template(const std::string& name, bool json) {
  const arch::Template t = arch::load_template(name);
  const auto model = cost::make_cost_model("analytical", t);
  const double area = model->area_mm2(t.baseline());
  if (json) {
    nlohmann::json params = nlohmann::json::array();
    for (const auto& p : t.parameters()) {
      nlohmann::json j = {{"name", p.name}, {"unit", p.unit}, {"values", p.values}};
      if (!p.labels.empty()) j["labels"] = p.labels;
      params.push_back(std::move(j));
    }
    nlohmann::json out = {{"name", t.name()},        {"description", t.description()},
                          {"file", t.file().string()}, {"content_hash", t.content_hash()},
                          {"parameters", params},      {"space_size", t.space_size()},
                          {"baseline_area_mm2", area}, {"area_budgets_mm2", t.area_budgets_mm2()}};
    if (t.architecture() != nullptr) out["architecture"] = architecture_json(*t.architecture());
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::printf("template %s: %s\nfile %s (content %s)\n", t.name().c_str(), t.description().c_str(),
              t.file().string().c_str(), t.content_hash().c_str());
  if (const arch::Architecture* a = t.architecture()) {
    std::printf("\n%.0f MHz, %d-bit words, %lld MACs per cycle, %lld PEs, %s\n\nfan-outs (outer to inner):",
                a->clock_mhz, a->word_bits, static_cast<long long>(a->macs_per_cycle()),
                static_cast<long long>(a->pes()), a->technology.node.c_str());
    for (const auto& f : a->fanouts) std::printf(" %s x%lld", f.name.c_str(), static_cast<long long>(f.size));
    std::printf("\n\n%-16s %-10s %12s %-26s %10s %10s\n", "storage level", "per", "words", "holds", "pJ/access",
                "words/cyc");
    for (const auto& l : a->levels) {
      const std::string per = l.dram ? "off-chip" : l.depth == 0 ? "chip" : a->fanouts[static_cast<std::size_t>(l.depth - 1)].name;
      const std::string capacity = l.dram ? "-" : std::to_string(l.capacity_words);
      char bandwidth[32];
      if (l.dram) std::snprintf(bandwidth, sizeof bandwidth, "%.3g GB/s", l.bandwidth_gbps);
      else if (l.bandwidth_words_per_cycle > 0) std::snprintf(bandwidth, sizeof bandwidth, "%.3g", l.bandwidth_words_per_cycle);
      else std::snprintf(bandwidth, sizeof bandwidth, "-");
      std::printf("%-16s %-10s %12s %-26s %10.3g %10s\n", l.name.c_str(), per.c_str(), capacity.c_str(),
                  holds_text(l).c_str(), l.access_energy_pj, bandwidth);
    }
    std::printf("\ndataflows:\n");
    for (const auto& d : a->dataflows) {
      std::printf("  %-20s spatial", d.name.c_str());
      for (const auto& m : d.spatial)
        std::printf(" %s<-%s", a->fanouts[static_cast<std::size_t>(m.fanout)].name.c_str(), dims_text(m.dims).c_str());
      std::printf("; loop order %s\n", dims_text(d.orders.front()).c_str());
    }
  }
  std::printf("\n%zu parameters, %.0f configurations; baseline area %.3f mm^2 (`archex space show --template %s`)\n",
              t.parameters().size(), t.space_size(), area, name.c_str());
}

}  // namespace

void add_template_commands(CLI::App& app) {
  auto* templates = app.add_subcommand("templates", "The shipped accelerator templates");
  templates->require_subcommand(1);
  auto list_json = std::make_shared<bool>(false);
  auto* list = templates->add_subcommand("list", "Shipped templates: name, kind, parameters, space size");
  list->add_flag("--json", *list_json, "Print JSON");
  list->callback([list_json] { list_templates(*list_json); });
  auto show_args = std::make_shared<std::pair<std::string, bool>>();
  auto* show = templates->add_subcommand("show", "One template: its architecture, dataflows and parameters");
  show->add_option("template", show_args->first, "Template name or file")->required();
  show->add_flag("--json", show_args->second, "Print JSON");
  show->callback([show_args] { show_template(show_args->first, show_args->second); });
}

}  // namespace archex::exp
