#pragma once
// Optimizer-curve plots drawn by gnuplot (called as a program): one line per
// series (median) with its 25-75 % band, written as SVG and PNG.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "experiments/curves.h"

namespace archex::exp {

struct PlotSeries {
  std::string label;  // legend entry, e.g. "evolution"
  std::string color;  // "#rrggbb"
  // The transfer variant of an optimizer, in its colour: dashed line with
  // markers, band drawn as dotted edges instead of a fill.
  bool dashed = false;
  std::vector<BandPoint> band;
};

struct CurvePlot {
  std::string title;
  std::string subtitle;  // e.g. how many seeds, what the band is
  std::string x_label = "trials";
  std::string y_label;  // with unit, e.g. "best latency (ms)"
  bool log_y = false;
  // A horizontal reference line (the baseline design; 1 for a speed-up).
  std::optional<double> reference;
  std::string reference_label;
  std::vector<PlotSeries> series;
};

// A string as a gnuplot string literal.
std::string gnuplot_quote(const std::string& text);
// Runs gnuplot on a script; throws std::runtime_error naming the command and
// its log (`<script>.log`) when gnuplot is missing or fails.
void run_gnuplot(const std::filesystem::path& script);

// Writes <stem>.gp drawing `figure` (gnuplot commands after the terminal and
// output are set) as <stem>.svg, <stem>.png and <stem>.pdf in `dir`, then runs
// gnuplot on it.
void render_svg_and_png(const std::filesystem::path& dir, const std::string& stem, const std::string& figure);

// Units as printed in figures: "mm2" -> "mm²", "uJ" -> "µJ".
std::string display_units(std::string text);

// Ticks for a log axis over [low, high]: 1, 2 and 5 times each power of ten
// (fewer, 1 and 3, when the range spans many decades), as a gnuplot list.
std::string log_ticks(double low, double high);

// A colour per label that stays the same across every plot of a report
// (index into a colour-blind-safe palette, Okabe & Ito 2008).
std::string series_color(std::size_t index);

// Writes <stem>.dat, <stem>.gp, <stem>.svg, <stem>.png and <stem>.pdf in `dir`. Throws
// std::runtime_error naming the command when gnuplot is missing or fails.
void draw_curve_plot(const CurvePlot& plot, const std::filesystem::path& dir, const std::string& stem);

}  // namespace archex::exp
