#include "experiments/front_plot.h"

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "experiments/gnuplot_plot.h"

namespace archex::exp {

std::vector<std::string> draw_front_projections(const std::string& title, const std::vector<std::string>& axes,
                                                const std::vector<FrontSeries>& series,
                                                const std::filesystem::path& dir, const std::string& stem) {
  std::filesystem::create_directories(dir);
  std::vector<std::string> stems;
  for (std::size_t i = 0; i < axes.size(); ++i) {
    for (std::size_t j = i + 1; j < axes.size(); ++j) {
      const std::string name = stem + "_front_" + std::to_string(i) + "_" + std::to_string(j);
      const auto data = std::filesystem::absolute(dir / (name + ".dat"));
      {
        std::ofstream out(data);
        if (!out) throw std::runtime_error("cannot write " + data.string());
        out.precision(10);
        for (const auto& s : series) {  // one block per series, as in the curve plots
          out << "# " << s.label << "\n";
          for (const auto& p : s.points)
            if (p.size() == axes.size()) out << p[i] << ' ' << p[j] << '\n';
          if (s.points.empty()) out << "nan nan\n";
          out << "\n\n";
        }
      }
      std::ostringstream gp;
      // An axis whose values span more than two decades is drawn on a log scale.
      for (const auto& [k, axis] : {std::pair{i, "x"}, std::pair{j, "y"}}) {
        double low = std::numeric_limits<double>::infinity(), high = 0;
        for (const auto& s : series)
          for (const auto& p : s.points)
            if (p.size() == axes.size()) low = std::min(low, p[k]), high = std::max(high, p[k]);
        if (low > 0 && high / low > 100) gp << "set logscale " << axis << "\nset format " << axis << " '%g'\n";
      }
      gp << "set title " << gnuplot_quote(display_units(title)) << ".\"\\n\"."
         << gnuplot_quote("final Pareto fronts, every seed") << " noenhanced\n"
         << "set xlabel " << gnuplot_quote(display_units(axes[i])) << " noenhanced\n"
         << "set ylabel " << gnuplot_quote(display_units(axes[j])) << " noenhanced\n"
         << "set key outside right top noenhanced\nset grid lc rgb '#dddddd'\nplot ";
      for (std::size_t k = 0; k < series.size(); ++k) {
        if (k) gp << ", \\\n     ";
        gp << gnuplot_quote(data.string()) << " index " << k << " using 1:2 with points pt "
           << (series[k].hollow ? 6 : 7) << " ps 0.8 lc rgb " << gnuplot_quote(series[k].color) << " title "
           << gnuplot_quote(series[k].label);
      }
      gp << "\n";
      render_svg_and_png(dir, name, gp.str());
      stems.push_back(name);
    }
  }
  return stems;
}

}  // namespace archex::exp
