#include "experiments/importance_view.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "experiments/gnuplot_plot.h"
#include "experiments/number_format.h"
#include "optimizers/parameter_importance.h"

namespace archex::exp {

namespace {
constexpr std::size_t kMinTrials = 20;
constexpr double kTopFraction = 0.1;  // PED-ANOVA's gamma: the best 10 % of trials
}  // namespace

void ImportanceInput::add(const opt::Point& point, std::optional<double> minimised) {
  points.push_back(point);
  values.push_back(minimised.value_or(std::numeric_limits<double>::infinity()));
}

Importance rank_importance(const ImportanceInput& input) {
  Importance result;
  result.trials = input.points.size();
  result.top_fraction = kTopFraction;
  const auto feasible = std::count_if(input.values.begin(), input.values.end(), [](double v) { return std::isfinite(v); });
  if (input.points.size() < kMinTrials || feasible < 2) return result;
  std::vector<opt::Parameter> parameters;
  for (std::size_t i = 0; i < input.names.size(); ++i)
    parameters.push_back({input.names[i], std::vector<double>(static_cast<std::size_t>(input.sizes[i]), 0.0), true});
  // The top trials are the best feasible ones: never more than there are.
  const double top = std::min(kTopFraction, static_cast<double>(feasible) / static_cast<double>(input.points.size()));
  const auto shares = opt::ped_anova_importance(opt::SearchSpace(parameters), input.points, input.values, top);
  for (std::size_t i = 0; i < shares.size(); ++i) result.ranking.emplace_back(input.names[i], shares[i]);
  std::stable_sort(result.ranking.begin(), result.ranking.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  result.top_fraction = top;
  return result;
}

void print_importance(std::ostream& out, const Importance& importance) {
  if (importance.ranking.empty()) {
    out << "  parameter importance: too few trials yet (" << importance.trials << ")\n";
    return;
  }
  out << "  parameter importance (PED-ANOVA: how differently the best "
      << format_number(100 * importance.top_fraction, 3) << " % of " << importance.trials
      << " trials set each parameter):\n";
  for (const auto& [name, share] : importance.ranking) {
    const int bar = static_cast<int>(std::lround(share * 40));
    out << "    " << std::left << std::setw(20) << name << std::right << std::setw(6)
        << format_number(100 * share, 3) << " %  " << std::string(static_cast<std::size_t>(bar), '#') << "\n";
  }
}

nlohmann::json importance_json(const Importance& importance) {
  nlohmann::json shares = nlohmann::json::object();
  for (const auto& [name, share] : importance.ranking) shares[name] = share;
  return {{"method", "ped-anova"},
          {"top_fraction", importance.top_fraction},
          {"trials", importance.trials},
          {"shares", shares}};
}

void draw_importance(const Importance& importance, const std::string& title, const std::filesystem::path& dir,
                     const std::string& stem) {
  std::filesystem::create_directories(dir);
  const auto data = std::filesystem::absolute(dir / (stem + ".dat"));
  {
    std::ofstream out(data);
    if (!out) throw std::runtime_error("cannot write " + data.string());
    out << "# rank parameter share_percent\n";
    // Largest at the top: gnuplot's y grows upwards.
    for (std::size_t i = 0; i < importance.ranking.size(); ++i)
      out << importance.ranking.size() - 1 - i << ' ' << gnuplot_quote(importance.ranking[i].first) << ' ' << 100 * importance.ranking[i].second
          << '\n';
  }
  std::ostringstream gp;
  gp << "set title " << gnuplot_quote(display_units(title)) << ".\"\\n\"."
     << gnuplot_quote("PED-ANOVA over " + std::to_string(importance.trials) + " trials, best " +
                      format_number(100 * importance.top_fraction, 3) + " %")
     << " noenhanced\n"
     << "set xlabel 'share of importance (%)'\nset yrange [-0.7:" << importance.ranking.size() - 0.3 << "]\n"
     << "set xrange [0:*]\nset grid xtics lc rgb '#dddddd'\nunset key\nset style fill solid 0.8 noborder\n"
     << "set ytics scale 0 noenhanced\n"
     << "plot " << gnuplot_quote(data.string())
     << " using (column(3)/2):1:(column(3)/2):(0.35):yticlabels(2) with boxxyerror lc rgb '#0072B2'\n";
  render_svg_and_png(dir, stem, gp.str());
}

}  // namespace archex::exp
