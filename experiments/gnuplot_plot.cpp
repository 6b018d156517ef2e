#include "experiments/gnuplot_plot.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace archex::exp {
namespace {

std::string quoted(const std::string& s) { return gnuplot_quote(s); }

// gnuplot reads the data of all series from one file, one block per series
// (blocks separated by two blank lines, addressed with `index`).
void write_data(const CurvePlot& plot, const std::filesystem::path& file) {
  std::ofstream out(file);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  out.precision(10);
  for (const auto& s : plot.series) {
    out << "# " << s.label << "\n# trial median q25 q75 mean\n";
    for (const auto& p : s.band) out << p.trial << ' ' << p.median << ' ' << p.q25 << ' ' << p.q75 << ' ' << p.mean << '\n';
    if (s.band.empty()) out << "nan nan nan nan nan\n";  // keeps the block index stable
    out << "\n\n";
  }
}

// The y range the data (bands and reference) cover, padded.
std::pair<double, double> y_range(const CurvePlot& plot) {
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (const auto& s : plot.series)
    for (const auto& p : s.band) {
      for (double v : {p.q25, p.q75, p.median})
        if (std::isfinite(v) && (!plot.log_y || v > 0)) {
          low = std::min(low, v);
          high = std::max(high, v);
        }
    }
  if (plot.reference && std::isfinite(*plot.reference) && (!plot.log_y || *plot.reference > 0)) {
    low = std::min(low, *plot.reference);
    high = std::max(high, *plot.reference);
  }
  if (!std::isfinite(low)) return {0, 0};
  if (plot.log_y) return {low / 1.25, high * 1.25};
  const double pad = high > low ? 0.06 * (high - low) : std::max(std::abs(high) * 0.05, 1e-9);
  return {low - pad, high + pad};
}

// The figure, for any terminal (render_svg_and_png sets terminal and output).
std::string script(const CurvePlot& plot, const std::string& data) {
  std::ostringstream gp;
  gp << "set title " << quoted(display_units(plot.title));
  if (!plot.subtitle.empty()) gp << ".\"\\n\"." << quoted(plot.subtitle);
  gp << " noenhanced\n"
     << "set xlabel " << quoted(plot.x_label) << " noenhanced\n"
     << "set ylabel " << quoted(display_units(plot.y_label)) << " noenhanced\n"
     << "set key outside right top noenhanced\n"
     << "set grid xtics ytics mytics lc rgb '#dddddd'\n"
     << "set style fill transparent solid 0.12 noborder\n"
     << "set autoscale xfix\n";  // the axis ends at the last trial, not the next round number
  const auto [low, high] = y_range(plot);
  if (high > low) gp << "set yrange [" << low << ":" << high << "]\n";
  if (plot.log_y) {
    gp << "set logscale y\nset format y '%g'\n";
    if (high > low) gp << "set ytics " << log_ticks(low, high) << "\nset mytics 10\n";
  }
  if (plot.reference) {
    gp << "set arrow from graph 0, first " << *plot.reference << " to graph 1, first " << *plot.reference
       << " nohead dt 3 lw 1.5 lc rgb '#555555' back\n";
    if (!plot.reference_label.empty())
      gp << "set label " << quoted(display_units(plot.reference_label)) << " at graph 0.01, first "
         << *plot.reference << " left offset 0,-0.8 tc rgb '#555555' front noenhanced\n";
  }
  gp << "plot ";
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    const auto& s = plot.series[i];
    const std::string rgb = " lc rgb " + quoted(s.color);
    const std::string block = quoted(data) + " index " + std::to_string(i);
    if (i) gp << ", \\\n     ";
    if (s.dashed)  // a transfer band: dotted edges, so it never mixes with its plain series' fill
      gp << block << " using 1:3 with lines lw 1 dt 3" << rgb << " notitle, \\\n     " << block
         << " using 1:4 with lines lw 1 dt 3" << rgb << " notitle, \\\n     ";
    else
      gp << block << " using 1:3:4 with filledcurves" << rgb << " notitle, \\\n     ";
    gp << block << " using 1:2 with " << (s.dashed ? "linespoints pi -12 pt 6 ps 0.8" : "lines") << " lw 2 dt "
       << (s.dashed ? 2 : 1) << rgb << " title " << quoted(s.label);
  }
  gp << "\n";
  return gp.str();
}

}  // namespace

std::string gnuplot_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void run_gnuplot(const std::filesystem::path& script) {
  const auto log = std::filesystem::path(script).replace_extension(".log");
  const std::string command = "gnuplot " + quoted(script.string()) + " > " + quoted(log.string()) + " 2>&1";
  if (std::system(command.c_str()) != 0)
    throw std::runtime_error("plotting failed: '" + command + "', see " + log.string() +
                             " (is gnuplot installed? scripts/install-deps.sh installs gnuplot-nox)");
}

void render_svg_and_png(const std::filesystem::path& relative_dir, const std::string& stem,
                        const std::string& figure) {
  // Absolute paths: the kept script re-runs from any directory.
  const auto dir = std::filesystem::absolute(relative_dir);
  const auto gp_file = dir / (stem + ".gp");
  {
    std::ofstream gp(gp_file);
    if (!gp) throw std::runtime_error("cannot write " + gp_file.string());
    for (const auto& [terminal, extension] : {std::pair{"svg size 900,540 dynamic font 'Sans,13'", ".svg"},
                                              std::pair{"pngcairo size 900,540 font 'Sans,11'", ".png"},
                                              std::pair{"pdfcairo size 9in,5.4in font 'Sans,11'", ".pdf"}})
      gp << "set terminal " << terminal << "\nset output " << quoted((dir / (stem + extension)).string()) << "\n"
         << figure << "unset output\n";
  }
  run_gnuplot(gp_file);
}

std::string display_units(std::string text) {
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"mm2", "mm\u00b2"}, {"uJ", "\u00b5J"}}) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  }
  return text;
}

std::string log_ticks(double low, double high) {
  const int first = static_cast<int>(std::floor(std::log10(low))), last = static_cast<int>(std::ceil(std::log10(high)));
  const std::vector<double> steps = last - first > 4 ? std::vector<double>{1, 3} : std::vector<double>{1, 2, 5};
  std::ostringstream out;
  out.precision(6);
  out << "(";
  bool any = false;
  for (int e = first; e <= last; ++e)
    for (double m : steps) {
      const double v = m * std::pow(10.0, e);
      if (v < low || v > high) continue;
      out << (any ? ", " : "") << "\"" << v << "\" " << v;
      any = true;
    }
  out << ")";
  return any ? out.str() : "autofreq";
}

std::string series_color(std::size_t index) {
  static constexpr std::array<const char*, 8> kOkabeIto = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                           "#E69F00", "#56B4E9", "#000000", "#F0E442"};
  return kOkabeIto[index % kOkabeIto.size()];
}

void draw_curve_plot(const CurvePlot& plot, const std::filesystem::path& dir, const std::string& stem) {
  std::filesystem::create_directories(dir);
  const auto data = std::filesystem::absolute(dir / (stem + ".dat"));
  write_data(plot, data);
  render_svg_and_png(dir, stem, script(plot, data.string()));
}

}  // namespace archex::exp
