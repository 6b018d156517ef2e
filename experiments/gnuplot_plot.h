#pragma once
// Optimizer-curve plots drawn by gnuplot (called as a program): one line per
// series (median) with its 25-75 % band, written as SVG and PNG.

#include <filesystem>
#include <string>
#include <vector>

#include "experiments/curves.h"

namespace archex::exp {

struct PlotSeries {
  std::string label;  // legend entry, e.g. "evolution"
  std::string color;  // "#rrggbb"
  bool dashed = false;  // e.g. the transfer variant of an optimizer, in its colour
  std::vector<BandPoint> band;
};

struct CurvePlot {
  std::string title;
  std::string x_label = "trials";
  std::string y_label;  // with unit, e.g. "best latency (ms)"
  bool log_y = false;
  std::vector<PlotSeries> series;
};

// A string as a gnuplot string literal.
std::string gnuplot_quote(const std::string& text);
// Runs gnuplot on a script; throws std::runtime_error naming the command and
// its log (`<script>.log`) when gnuplot is missing or fails.
void run_gnuplot(const std::filesystem::path& script);

// Writes <stem>.gp drawing `figure` (gnuplot commands after the terminal and
// output are set) as <stem>.svg and <stem>.png in `dir`, then runs gnuplot on it.
void render_svg_and_png(const std::filesystem::path& dir, const std::string& stem, const std::string& figure);

// A colour per label that stays the same across every plot of a report
// (index into a colour-blind-safe palette, Okabe & Ito 2008).
std::string series_color(std::size_t index);

// Writes <stem>.dat, <stem>.gp, <stem>.svg and <stem>.png in `dir`. Throws
// std::runtime_error naming the command when gnuplot is missing or fails.
void draw_curve_plot(const CurvePlot& plot, const std::filesystem::path& dir, const std::string& stem);

}  // namespace archex::exp
