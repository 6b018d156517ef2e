#pragma once
// Parameter importance of a study (or of all studies of a comparison panel)
// for people: PED-ANOVA shares (optimizers/parameter_importance.h) ranked,
// as a text table with bars, JSON, and a gnuplot bar chart.

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "optimizers/search_space.h"

namespace archex::exp {

// Trials of one or more studies over one space. Values are minimised
// (a maximised objective negated); an infeasible trial is +infinity, so it
// counts among all trials but never among the best.
struct ImportanceInput {
  std::vector<std::string> names;
  std::vector<int> sizes;  // values per parameter
  std::vector<opt::Point> points;
  std::vector<double> values;
  void add(const opt::Point& point, std::optional<double> minimised);  // nullopt: infeasible
};

struct Importance {
  std::vector<std::pair<std::string, double>> ranking;  // share of the total, largest first
  std::size_t trials = 0;
  double top_fraction = 0.1;
};

// Nothing (no ranking) below 20 trials or 2 feasible ones: too few to say.
Importance rank_importance(const ImportanceInput& input);

void print_importance(std::ostream& out, const Importance& importance);
nlohmann::json importance_json(const Importance& importance);
// <stem>.svg/.png/.pdf: one horizontal bar per parameter.
void draw_importance(const Importance& importance, const std::string& title, const std::filesystem::path& dir,
                     const std::string& stem);

}  // namespace archex::exp
