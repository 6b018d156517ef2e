#include "experiments/gnuplot_plot.h"

#include <array>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

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

// The figure, for any terminal (render_svg_and_png sets terminal and output).
std::string script(const CurvePlot& plot, const std::string& data) {
  std::ostringstream gp;
  gp << "set title " << quoted(plot.title) << " noenhanced\n"
     << "set xlabel " << quoted(plot.x_label) << " noenhanced\n"
     << "set ylabel " << quoted(plot.y_label) << " noenhanced\n"
     << "set key outside right top noenhanced\n"
     << "set grid\n"
     << "set style fill transparent solid 0.18 noborder\n";
  if (plot.log_y) gp << "set logscale y\n";
  gp << "plot ";
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    const auto& s = plot.series[i];
    if (i) gp << ", \\\n     ";
    gp << quoted(data) << " index " << i << " using 1:3:4 with filledcurves lc rgb " << quoted(s.color)
       << " notitle, \\\n     " << quoted(data) << " index " << i << " using 1:2 with lines lw 2 dt " << (s.dashed ? 2 : 1)
       << " lc rgb " << quoted(s.color) << " title " << quoted(s.label);
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
                                              std::pair{"pngcairo size 900,540 font 'Sans,11'", ".png"}})
      gp << "set terminal " << terminal << "\nset output " << quoted((dir / (stem + extension)).string()) << "\n"
         << figure << "unset output\n";
  }
  run_gnuplot(gp_file);
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
