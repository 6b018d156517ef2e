#pragma once
// Stacked bar charts drawn by gnuplot: one bar per category (e.g. a
// dataflow), one stacked segment per component (e.g. a storage level).

#include <filesystem>
#include <string>
#include <vector>

namespace archex::exp {

struct StackedBars {
  std::string title;
  std::string y_label;                   // with unit
  std::vector<std::string> categories;   // bars, left to right
  std::vector<std::string> components;   // segments, bottom to top
  std::vector<std::vector<double>> values;  // [category][component]
};

// Writes <stem>.dat, <stem>.gp, <stem>.svg and <stem>.png in `dir`.
void draw_stacked_bars(const StackedBars& chart, const std::filesystem::path& dir, const std::string& stem);

}  // namespace archex::exp
