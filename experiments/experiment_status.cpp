#include "experiments/experiment_status.h"

#include <map>
#include <ostream>

#include "experiments/number_format.h"
#include "explorer/metric.h"

namespace archex::exp {

std::vector<CellStatus> experiment_status(const ExperimentSpec& spec, explore::TrialStore& store) {
  std::vector<CellStatus> out;
  for (const auto& cell : expand_cells(spec)) {
    CellStatus s;
    s.study = cell.spec.name;
    s.target = cell.spec.trials;
    s.state = "not started";
    if (const auto record = store.find_study(cell.spec.name)) {
      const auto summary = store.summarize(record->id);
      s.finished = summary.counts.finished();
      s.running = summary.counts.running;
      s.best = summary.best_value;
      s.state = s.finished >= s.target ? "done" : s.running > 0 ? "running" : "partial";
    }
    out.push_back(std::move(s));
  }
  return out;
}

void print_experiment_status(std::ostream& out, const ExperimentSpec& spec, const std::vector<CellStatus>& cells,
                             const std::string& db) {
  std::map<std::string, int> count;
  long finished = 0, target = 0;
  for (const auto& c : cells) {
    ++count[c.state];
    finished += std::min(c.finished, c.target);
    target += c.target;
  }
  out << "experiment " << spec.name << " in " << db << ": " << cells.size() << " studies, " << count["done"]
      << " done, " << count["running"] << " running, " << count["partial"] << " partly done, " << count["not started"]
      << " not started; " << finished << "/" << target << " trials ("
      << (target > 0 ? 100 * finished / target : 0) << " %)\n";
  const std::string unit = explore::objective_unit(spec.study.objectives.front().kind);
  for (const auto& c : cells) {
    if (c.state == "done") continue;
    out << "  " << c.state << (c.state.size() < 11 ? std::string(11 - c.state.size(), ' ') : " ") << c.study << "  "
        << c.finished << "/" << c.target;
    if (c.running) out << ", " << c.running << " running";
    if (c.best) out << ", best " << format_number(*c.best, 6) << (unit.empty() ? "" : " " + unit);
    out << "\n";
  }
  if (count["done"] < static_cast<int>(cells.size()))
    out << "continue with: archex experiment run SPEC --db " << db << "\n";
}

nlohmann::json experiment_status_json(const ExperimentSpec& spec, const std::vector<CellStatus>& cells) {
  nlohmann::json studies = nlohmann::json::array();
  for (const auto& c : cells)
    studies.push_back({{"study", c.study},
                       {"state", c.state},
                       {"finished", c.finished},
                       {"target", c.target},
                       {"running", c.running},
                       {"best", c.best ? nlohmann::json(*c.best) : nlohmann::json(nullptr)}});
  return {{"experiment", spec.name}, {"studies", studies}};
}

}  // namespace archex::exp
