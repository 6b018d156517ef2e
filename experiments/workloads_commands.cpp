// `archex workloads list | show | import`: the workload zoo, saved workloads,
// workload files and ONNX import from the command line.

#include <iostream>
#include <memory>
#include <regex>

#include <nlohmann/json.hpp>

#include "experiments/commands.h"
#include "experiments/workloads_table.h"
#include "workloads/onnx_import.h"
#include "workloads/registry.h"
#include "workloads/workload_json.h"
#include "workloads/workload_yaml.h"
#include "workloads/zoo.h"

namespace archex::exp {
namespace {

namespace wl = archex::workload;

struct ShowArgs {
  std::string workload;
  bool json = false;
  int bytes_per_element = 1;
  bool keep_batch_norm = false;
  bool keep_activations = false;

  wl::BuildOptions build_options() const {
    return {.bytes_per_element = bytes_per_element,
            .fold_batch_norm = !keep_batch_norm,
            .fuse_activations = !keep_activations};
  }
};

struct ImportArgs {
  ShowArgs show;
  std::string name;
  bool save = false;
};

void print(const wl::Workload& w, bool json) {
  if (json) std::cout << wl::workload_to_json(w).dump(2) << "\n";
  else print_workload_table(std::cout, w);
}

void add_build_flags(CLI::App& cmd, ShowArgs& args) {
  cmd.add_flag("--json", args.json, "Print a JSON object instead of a table");
  cmd.add_option("--bytes-per-element", args.bytes_per_element, "Data width: 1 (int8, default) or 2 (16-bit)");
  cmd.add_flag("--keep-batch-norm", args.keep_batch_norm, "Do not fold batch-norm into the preceding conv");
  cmd.add_flag("--keep-activations", args.keep_activations, "Do not fuse activations into the preceding layer");
}

wl::Workload load(const ShowArgs& args) { return wl::load_workload(args.workload, args.build_options()); }

nlohmann::json workload_entry(const wl::Workload& w, const std::string& source, const std::string& summary) {
  return {{"name", w.name()},          {"source", source},         {"layers", w.layers().size()},
          {"macs", w.total_macs()},    {"params", w.total_params()}, {"weight_bytes", w.weight_bytes()},
          {"description", summary}};
}

void list(bool json) {
  nlohmann::json entries = nlohmann::json::array();
  for (const wl::ZooModel& model : wl::zoo_models()) {
    const wl::Workload w = model.define().build();
    if (json)
      entries.push_back(workload_entry(w, "zoo", std::string(model.summary)));
    else
      print_workload_line(std::cout, "zoo", w, std::string(model.summary));
  }
  for (const std::string& name : wl::saved_workload_names()) {
    const auto path = wl::saved_workloads_dir() / (name + ".yaml");
    try {
      const wl::Workload w = wl::read_workload_file(path);
      if (json)
        entries.push_back(workload_entry(w, "saved", path.string()));
      else
        print_workload_line(std::cout, "saved", w, path.string());
    } catch (const wl::WorkloadError& e) {  // one bad file must not hide the rest
      if (json)
        entries.push_back({{"name", name}, {"source", "saved"}, {"error", e.what()}});
      else
        std::cout << name << "  saved  unreadable: " << e.what() << "\n";
    }
  }
  if (json) std::cout << entries.dump(2) << "\n";
}

void import(const ImportArgs& args) {
  if (!args.show.workload.ends_with(".onnx"))
    throw UsageError("workloads import: '" + args.show.workload + "' is not an .onnx file");
  const wl::BuildOptions options = args.show.build_options();
  options.validate();
  const wl::Workload w = wl::import_onnx_file(args.show.workload, {.name = args.name, .build = options});
  if (args.save) {
    if (!std::regex_match(w.name(), std::regex("[A-Za-z0-9_.-]+")) || w.name().front() == '.')
      throw UsageError("workloads import: cannot save as '" + w.name() +
                       "': a saved name uses only letters, digits, '_', '-', '.' (pass --name)");
    if (wl::find_zoo_model(w.name()))
      throw UsageError("workloads import: '" + w.name() + "' is a zoo model; pass --name to save under another name");
    const auto path = wl::saved_workloads_dir() / (w.name() + ".yaml");
    wl::write_workload_file(w, path);
    std::cerr << "saved workload '" << w.name() << "' to " << path.string() << "\n";
  }
  print(w, args.show.json);
}

}  // namespace

void add_workloads_commands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("workloads", "Neural-network workloads: zoo, files, ONNX import");
  group->require_subcommand(1);

  auto list_json = std::make_shared<bool>(false);
  auto* list_cmd = group->add_subcommand("list", "One line per zoo model and saved workload");
  list_cmd->add_flag("--json", *list_json, "Print a JSON array (name, source, layers, macs, params, description)");
  list_cmd->callback([list_json] { list(*list_json); });

  auto show_args = std::make_shared<ShowArgs>();
  CLI::App* show = group->add_subcommand("show", "Per-layer table (or JSON) of a workload");
  show->add_option("workload", show_args->workload, "Zoo name, saved name, or .yaml/.json/.onnx file")->required();
  add_build_flags(*show, *show_args);
  show->callback([show_args] { print(load(*show_args), show_args->json); });

  auto import_args = std::make_shared<ImportArgs>();
  CLI::App* imp = group->add_subcommand("import", "Import an ONNX model; --save keeps it for later use by name");
  imp->add_option("file", import_args->show.workload, "The .onnx file")->required();
  imp->add_option("--name", import_args->name, "Workload name (default: the file stem)");
  imp->add_flag("--save", import_args->save, "Save as a named workload (see saved_workloads_dir)");
  add_build_flags(*imp, import_args->show);
  imp->callback([import_args] { import(*import_args); });
}

}  // namespace archex::exp
