#pragma once
// `archex experiment status SPEC`: for each study of the grid, whether it is
// done, running (trials marked running: another process, or one that died and
// left them for the next run), partly done or not started.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiments/experiment_spec.h"
#include "explorer/trial_store.h"

namespace archex::exp {

struct CellStatus {
  std::string study;
  std::string state;  // "done", "running", "partial", "not started"
  int finished = 0, target = 0, running = 0;
  std::optional<double> best;
};

std::vector<CellStatus> experiment_status(const ExperimentSpec& spec, explore::TrialStore& store);

// Per state counts, then one line per study that is not done.
void print_experiment_status(std::ostream& out, const ExperimentSpec& spec, const std::vector<CellStatus>& cells,
                             const std::string& db);
nlohmann::json experiment_status_json(const ExperimentSpec& spec, const std::vector<CellStatus>& cells);

}  // namespace archex::exp
