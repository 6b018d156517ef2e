#pragma once
// Finding workloads by name: the built-in zoo, then saved user workloads, then
// a file path (.yaml / .yml / .json / .onnx).

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "workloads/build_options.h"
#include "workloads/workload.h"

namespace archex::workload {

// Bad workload input: unknown name, unreadable / malformed file, invalid graph.
// The message names the file / layer / field and what was expected.
class WorkloadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Zoo names first ("bert_base@512": a zoo transformer at another sequence
// length), then saved workloads (saved_workloads_dir()), then a path.
Workload load_workload(const std::string& name_or_path, int bytes_per_element = 1);
// The same with every build option (batch-norm folding, activation fusion).
Workload load_workload(const std::string& name_or_path, const BuildOptions& options);
// A workload set file (YAML list of workloads, optionally weighted), or a
// comma-separated list of names ("mobilenet_v2,resnet50").
WorkloadSet load_workload_set(const std::string& spec, int bytes_per_element = 1);

std::vector<std::string> zoo_names();
std::vector<std::string> saved_workload_names();
// $ARCHEX_WORKLOADS_DIR, else $XDG_DATA_HOME/archex/workloads, else
// ~/.local/share/archex/workloads.
std::filesystem::path saved_workloads_dir();

}  // namespace archex::workload
