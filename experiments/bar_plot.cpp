#include "experiments/bar_plot.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "experiments/gnuplot_plot.h"

namespace archex::exp {

namespace {

// The figure, for any terminal (render_svg_and_png sets terminal and output).
std::string script(const StackedBars& chart, const std::string& data) {
  std::ostringstream gp;
  gp << "set title " << gnuplot_quote(chart.title) << " noenhanced\n"
     << "set ylabel " << gnuplot_quote(chart.y_label) << " noenhanced\n"
     << "set style data histograms\nset style histogram rowstacked\nset boxwidth 0.7\n"
     << "set style fill solid 0.9 border rgb '#333333'\n"
     << "set key outside right top noenhanced\nset grid ytics\nset yrange [0:*]\nset xtics noenhanced rotate by -20\n";
  gp << "plot ";
  for (std::size_t c = 0; c < chart.components.size(); ++c) {
    if (c) gp << ", \\\n     ";
    gp << gnuplot_quote(data) << " using " << c + 2;
    if (c == 0) gp << ":xtic(1)";
    gp << " lc rgb " << gnuplot_quote(series_color(c)) << " title " << gnuplot_quote(chart.components[c]);
  }
  gp << "\n";
  return gp.str();
}

}  // namespace

void draw_stacked_bars(const StackedBars& chart, const std::filesystem::path& dir, const std::string& stem) {
  std::filesystem::create_directories(dir);
  const auto data = std::filesystem::absolute(dir / (stem + ".dat"));
  {
    std::ofstream out(data);
    if (!out) throw std::runtime_error("cannot write " + data.string());
    out.precision(10);
    out << "# category";
    for (const auto& c : chart.components) out << ' ' << c;
    out << '\n';
    for (std::size_t i = 0; i < chart.categories.size(); ++i) {
      out << gnuplot_quote(chart.categories[i]);
      for (const double v : chart.values.at(i)) out << ' ' << v;
      out << '\n';
    }
  }
  render_svg_and_png(dir, stem, script(chart, data.string()));
}

}  // namespace archex::exp
