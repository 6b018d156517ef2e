#pragma once
// Pareto fronts of a multi-objective panel, drawn two objectives at a time:
// one scatter per pair of objectives, each series' final front members (all
// its seeds) in its colour. The hypervolume curve says how fast a front
// grows; these say what the trade-off looks like.

#include <filesystem>
#include <string>
#include <vector>

namespace archex::exp {

struct FrontSeries {
  std::string label;
  std::string color;
  bool hollow = false;                     // e.g. the series with priors
  std::vector<std::vector<double>> points;  // one value per objective
};

// Writes <stem>_front_<i>_<j>.{dat,gp,svg,png,pdf} for every pair i < j of
// `axes`; returns the stems written, in order.
std::vector<std::string> draw_front_projections(const std::string& title, const std::vector<std::string>& axes,
                                                const std::vector<FrontSeries>& series,
                                                const std::filesystem::path& dir, const std::string& stem);

}  // namespace archex::exp
