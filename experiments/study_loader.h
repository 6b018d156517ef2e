#pragma once
// Reads studies from one or more trial databases for `archex compare`.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "experiments/comparison.h"
#include "experiments/experiment_spec.h"

namespace archex::exp {

struct StudySelection {
  std::vector<std::filesystem::path> databases;  // opened read-only, never modified
  std::vector<std::string> studies;              // by name; empty: see below
  std::optional<ExperimentSpec> experiment;      // its cells, when no names are given
  // No names and no experiment: every study of every database.
};

struct LoadedStudies {
  std::vector<ComparedStudy> studies;
  std::vector<std::string> missing;  // experiment cells not (yet) in any database
};

// Throws explore::StoreError for a database that cannot be opened, or a study
// name found in none of them (the message lists the databases searched).
LoadedStudies load_studies(const StudySelection& selection);

}  // namespace archex::exp
