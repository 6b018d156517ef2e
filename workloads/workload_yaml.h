#pragma once
// The workload file format (YAML; JSON is accepted as YAML), specified in
// docs/workload-format.md. Reading parses and checks every field, then builds;
// writing emits every layer with its derived shape and counts, so a written
// file reads back to identical layers.

#include <filesystem>
#include <string>

#include "workloads/build_options.h"
#include "workloads/workload.h"

namespace archex::workload {

// `text` is the file content; `source` names it in error messages and, when
// the file has no `name:`, gives the workload name (its stem).
Workload parse_workload_yaml(const std::string& text, const std::string& source,
                             const BuildOptions& options = {});
Workload read_workload_file(const std::filesystem::path& path, const BuildOptions& options = {});

std::string workload_to_yaml(const Workload& workload);
// Writes atomically (temporary file + rename), creating parent directories.
void write_workload_file(const Workload& workload, const std::filesystem::path& path);

// Whole-file text, or WorkloadError naming the path.
std::string read_text_file(const std::filesystem::path& path);

}  // namespace archex::workload
