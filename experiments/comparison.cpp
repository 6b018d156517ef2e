#include "experiments/comparison.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "experiments/front_plot.h"
#include "experiments/gnuplot_plot.h"
#include "experiments/number_format.h"
#include "experiments/transfer_gain.h"
#include "experiments/version.h"

namespace archex::exp {
namespace {

constexpr std::size_t kCheckpoints[] = {100, 500, 1000, 4096};

std::string panel_of(const ComparedStudy& r) {
  std::string p = r.workload + " / " + r.objective;
  if (r.budget_mm2) p += " / " + format_number(*r.budget_mm2, 3) + " mm2";
  return p;
}

std::string series_of(const ComparedStudy& r) {
  const std::string& label = r.label.empty() ? r.optimizer : r.label;
  return r.prior.empty() ? label : label + " + prior";
}

// File-name-safe form of a panel name.
std::string stem_of(const std::string& panel) {
  std::string s;
  for (char c : panel) s += (std::isalnum(static_cast<unsigned char>(c)) || c == '.') ? c : '_';
  std::string collapsed;
  for (char c : s)
    if (!(c == '_' && !collapsed.empty() && collapsed.back() == '_')) collapsed += c;
  return collapsed;
}

bool better(double a, double b, bool maximize) { return maximize ? a > b : a < b; }

// How much better `value` is than `reference`, as a factor > 1 when better.
double gain(double value, double reference, bool maximize) { return maximize ? value / reference : reference / value; }

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

struct Series {
  std::string name;
  std::vector<const ComparedStudy*> studies;
  std::vector<std::vector<std::optional<double>>> curves;
  std::vector<BandPoint> band;
};

struct Panel {
  std::string name;
  const ComparedStudy* first = nullptr;  // workload / objective / budget / unit
  std::map<std::string, Series> series;
};

// Each seed's final best (seeds without a feasible design left out).
std::vector<double> finals_of(const Series& s) {
  std::vector<double> finals;
  for (const auto& c : s.curves)
    if (!c.empty() && c.back()) finals.push_back(*c.back());
  return finals;
}

std::optional<double> median_final(const Series& s) {
  const auto finals = finals_of(s);
  if (finals.empty()) return std::nullopt;
  return quantile(finals, 0.5);
}

SeriesSummary summarise(const Panel& panel, const Series& s, double panel_best, const CompareOptions& options) {
  const bool maximize = panel.first->maximize;
  SeriesSummary sum;
  sum.panel = panel.name;
  sum.series = s.name;
  sum.seeds = s.studies.size();
  sum.trials = s.curves.empty() ? 0 : s.curves.front().size();
  std::vector<double> finals, reach;
  std::size_t feasible = 0, total = 0;
  for (std::size_t i = 0; i < s.curves.size(); ++i) {
    const auto& c = s.curves[i];
    sum.trials = std::min(sum.trials, c.size());
    if (!c.empty() && c.back()) finals.push_back(*c.back());
    if (auto t = trials_to_reach(c, panel_best, options.reach_fraction, maximize)) reach.push_back(double(*t));
    for (const auto& t : s.studies[i]->trials) feasible += t.feasible, ++total;
  }
  sum.final_best = mean_std(finals);
  sum.median_final_best = median_final(s);
  if (!reach.empty()) sum.median_trials_to_reach = quantile(reach, 0.5);
  sum.seeds_reaching = reach.size();
  sum.feasibility_ratio = total ? double(feasible) / double(total) : 0.0;
  for (std::size_t at : kCheckpoints) {
    if (at > sum.trials) break;
    std::vector<double> values;
    for (const auto& c : s.curves)
      if (c[at - 1]) values.push_back(*c[at - 1]);
    if (values.size() == s.curves.size()) sum.median_best_at.emplace_back(at, quantile(values, 0.5));
  }
  const auto& baseline = panel.first->baseline_objective;
  if (sum.median_final_best && baseline && *baseline > 0)
    sum.speedup_over_baseline = gain(*sum.median_final_best, *baseline, maximize);
  return sum;
}

void write_curves_csv(const std::vector<Panel>& panels, const std::filesystem::path& file) {
  std::ofstream out(file);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  out.precision(10);
  out << "panel,workload,objective,budget_mm2,series,trial,seeds,mean,median,q25,q75\n";
  for (const auto& p : panels)
    for (const auto& [name, s] : p.series)
      for (const auto& b : s.band)
        out << csv_field(p.name) << ',' << csv_field(p.first->workload) << ',' << p.first->objective << ','
            << (p.first->budget_mm2 ? format_number(*p.first->budget_mm2) : "") << ',' << csv_field(name) << ','
            << b.trial << ',' << b.seeds << ',' << b.mean << ',' << b.median << ',' << b.q25 << ',' << b.q75
            << '\n';
}

std::string optional_text(const std::optional<double>& v, int precision = 4) {
  return v ? format_number(*v, precision) : "";
}

// "214 (3/5)": median trials over the seeds that reach the target, and how many do.
std::string reach_text(const SeriesSummary& s) {
  if (!s.median_trials_to_reach) return "never (0/" + std::to_string(s.seeds) + ")";
  return format_number(*s.median_trials_to_reach) + " (" + std::to_string(s.seeds_reaching) + "/" +
         std::to_string(s.seeds) + ")";
}

// "1.3× [1.1, 1.6]"; "0.62× [0.5, 0.8] negative transfer" when the whole
// 95 % interval is below 1, "worse, within seed noise" when only the median is.
std::string transfer_text(const SeriesSummary& s) {
  if (!s.transfer_gain) return "";
  std::string t = format_number(*s.transfer_gain, 3) + "×";
  if (s.transfer_gain_interval)
    t += " [" + format_number(s.transfer_gain_interval->first, 2) + ", " +
         format_number(s.transfer_gain_interval->second, 2) + "]";
  if (s.negative_transfer)
    t += " negative transfer";
  else if (*s.transfer_gain < 1.0)
    t += " worse, within seed noise";
  return t;
}

std::string checkpoint_text(const SeriesSummary& s) {
  std::string t;
  for (const auto& [at, v] : s.median_best_at) t += (t.empty() ? "" : "; ") + std::to_string(at) + ": " + format_number(v);
  return t;
}

void write_summary_csv(const std::vector<SeriesSummary>& sums, const std::filesystem::path& file) {
  std::ofstream out(file);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  out.precision(10);
  out << "panel,series,seeds,trials,final_best_mean,final_best_std,final_best_median,median_trials_to_reach,seeds_reaching,"
         "feasibility_ratio,speedup_over_baseline,transfer_gain,transfer_gain_low,transfer_gain_high,negative_transfer";
  for (std::size_t at : kCheckpoints) out << ",median_best_at_" << at;  // one number per cell
  out << "\n";
  for (const auto& s : sums) {
    out << csv_field(s.panel) << ',' << csv_field(s.series) << ',' << s.seeds << ',' << s.trials << ','
        << s.final_best.mean << ',' << s.final_best.std << ',' << optional_text(s.median_final_best, 10) << ','
        << optional_text(s.median_trials_to_reach, 10) << ',' << s.seeds_reaching << ',' << s.feasibility_ratio << ','
        << optional_text(s.speedup_over_baseline, 10) << ',' << optional_text(s.transfer_gain, 10) << ','
        << (s.transfer_gain_interval ? format_number(s.transfer_gain_interval->first, 10) : "") << ','
        << (s.transfer_gain_interval ? format_number(s.transfer_gain_interval->second, 10) : "") << ','
        << (s.transfer_gain ? (s.negative_transfer ? "yes" : "no") : "");
    for (std::size_t at : kCheckpoints) {
      out << ',';
      for (const auto& [trial, value] : s.median_best_at)
        if (trial == at) out << value;
    }
    out << '\n';
  }
}

std::string markdown_table(const std::vector<SeriesSummary>& sums, const std::string& panel, const std::string& unit,
                           double reach_fraction) {
  std::ostringstream md;
  const std::string u = unit.empty() ? "" : " (" + unit + ")";
  md << "| optimizer | seeds | trials | final best" << u << " mean ± std | median | median best at trial | trials to "
     << format_number(reach_fraction * 100, 3) << " % of best | feasible | speed-up vs baseline | transfer gain [95 % CI] |\n"
     << "|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& s : sums) {
    if (s.panel != panel) continue;
    md << "| " << s.series << " | " << s.seeds << " | " << s.trials << " | " << format_number(s.final_best.mean)
       << " ± " << format_number(s.final_best.std, 2) << " | " << optional_text(s.median_final_best) << " | "
       << checkpoint_text(s) << " | " << reach_text(s) << " | "
       << format_number(100 * s.feasibility_ratio, 3) << " % | "
       << (s.speedup_over_baseline ? format_number(*s.speedup_over_baseline, 3) + "×" : "") << " | "
       << transfer_text(s) << " |\n";
  }
  return md.str();
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// The series with the best median final value in the panel (marked in tables).
std::string best_series(const std::vector<SeriesSummary>& sums, const std::string& panel, bool maximize) {
  const SeriesSummary* best = nullptr;
  for (const auto& s : sums)
    if (s.panel == panel && s.median_final_best &&
        (best == nullptr || better(*s.median_final_best, *best->median_final_best, maximize)))
      best = &s;
  return best ? best->series : "";
}

std::string html_table(const std::vector<SeriesSummary>& sums, const std::string& panel, const std::string& unit,
                       bool maximize, const std::map<std::string, std::string>& anchors) {
  std::ostringstream h;
  const std::string u = unit.empty() ? "" : ", " + html_escape(unit);
  const std::string marked = best_series(sums, panel, maximize);
  h << "<table><tr><th>optimizer</th><th>seeds</th><th>trials</th><th>final best (mean ± std" << u
    << ")</th><th>median" << (unit.empty() ? "" : " (" + html_escape(unit) + ")") << "</th>"
    << "<th>median best at trial" << (unit.empty() ? "" : " (" + html_escape(unit) + ")")
    << "</th><th>trials to reach (seeds reaching / seeds)</th><th>feasible (% of trials)</th>"
       "<th>speed-up vs baseline (×)</th><th>transfer gain (× [95 % interval over seeds])</th><th>best design</th></tr>\n";
  for (const auto& s : sums) {
    if (s.panel != panel) continue;
    const bool is_best = s.series == marked;
    const auto anchor = anchors.find(panel + "\n" + s.series);
    h << "<tr" << (is_best ? " class=\"best\"" : "") << "><td>" << (is_best ? "★ " : "") << html_escape(s.series)
      << "</td><td>" << s.seeds << "</td><td>" << s.trials << "</td><td>"
      << format_number(s.final_best.mean) << " ± " << format_number(s.final_best.std, 2) << "</td><td>"
      << optional_text(s.median_final_best) << "</td><td>" << checkpoint_text(s) << "</td><td>"
      << reach_text(s) << "</td><td>" << format_number(100 * s.feasibility_ratio, 3)
      << " %</td><td>" << (s.speedup_over_baseline ? format_number(*s.speedup_over_baseline, 3) + "×" : "")
      << "</td><td>" << html_escape(transfer_text(s)) << "</td><td>"
      << (anchor != anchors.end() ? "<a href=\"#" + anchor->second + "\">config, breakdown</a>" : "")
      << "</td></tr>\n";
  }
  h << "</table>\n";
  return h.str();
}

std::string provenance_html(const ComparisonSource& source, std::size_t studies) {
  std::ostringstream h;
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  h << "<dl class=\"source\">\n<dt>Studies</dt><dd>" << studies;
  if (!source.experiment_spec.empty()) h << " (experiment spec <code>" << html_escape(source.experiment_spec) << "</code>)";
  h << "</dd>\n<dt>Databases</dt><dd>";
  for (std::size_t i = 0; i < source.databases.size(); ++i)
    h << (i ? ", " : "") << "<code>" << html_escape(source.databases[i]) << "</code>";
  h << "</dd>\n<dt>Written</dt><dd>" << date << " by archex " << html_escape(archex_version()) << " (commit "
    << html_escape(archex_commit()) << ")</dd>\n</dl>\n";
  return h.str();
}

// Stored metrics of one workload as "name value unit" cells.
std::string metric_rows(const nlohmann::json& m) {
  std::ostringstream h;
  for (const auto& [key, label] : {std::pair{"latency_ms", "latency (ms)"}, std::pair{"energy_uj", "energy (µJ)"},
                                   std::pair{"area_mm2", "area (mm²)"}, std::pair{"dram_bytes", "DRAM traffic (bytes)"}})
    if (m.contains(key) && m.at(key).is_number())
      h << "<tr><td>" << label << "</td><td>" << format_number(m.at(key).get<double>(), 5) << "</td></tr>\n";
  for (const auto& [key, label] : {std::pair{"energy_uj_by_level", "energy (µJ)"},
                                   std::pair{"area_mm2_by_component", "area (mm²)"}})
    if (m.contains(key) && m.at(key).is_object())
      for (const auto& [part, value] : m.at(key).items())
        if (value.is_number())
          h << "<tr><td>" << label << ": " << html_escape(part) << "</td><td>" << format_number(value.get<double>(), 4)
            << "</td></tr>\n";
  return h.str();
}

std::string best_design_html(const std::string& anchor, const std::string& panel, const std::string& series,
                             const ComparedStudy& r) {
  std::ostringstream h;
  h << "<h3 id=\"" << anchor << "\">" << html_escape(panel) << " — " << html_escape(series) << "</h3>\n"
    << "<p>Trial " << r.best->trial << " of <code>" << html_escape(r.study) << "</code>, "
    << html_escape(r.objective) << " " << format_number(r.best->value, 6) << " " << html_escape(r.objective_unit)
    << ".<br>Config: <code>" << html_escape(r.best->config) << "</code><br>Per-layer breakdown: <code>archex evaluate "
    << "--study " << html_escape(r.study) << " --trial " << r.best->trial << " --db " << html_escape(r.database)
    << "</code></p>\n";
  nlohmann::json metrics;
  try {
    metrics = nlohmann::json::parse(r.best->metrics_json);
  } catch (const nlohmann::json::exception&) {
    return h.str();  // a trial stored without metrics: the config is still worth showing
  }
  if (!metrics.is_object()) return h.str();
  for (const auto& [workload, m] : metrics.items()) {
    if (!m.is_object()) continue;
    h << "<table><tr><th>" << html_escape(workload) << "</th><th>value</th></tr>\n" << metric_rows(m) << "</table>\n";
  }
  return h.str();
}

std::string importance_html(const Importance& importance) {
  std::ostringstream h;
  h << "<p>PED-ANOVA (Watanabe et al., IJCAI 2023): how differently the best "
    << format_number(100 * importance.top_fraction, 3) << " % of the " << importance.trials
    << " trials of this panel set each parameter, as a share of the total.</p>\n"
       "<table><tr><th>parameter</th><th>importance (%)</th></tr>\n";
  for (const auto& [name, share] : importance.ranking)
    h << "<tr><td>" << html_escape(name) << "</td><td>" << format_number(100 * share, 3) << "</td></tr>\n";
  h << "</table>\n";
  return h.str();
}

}  // namespace

ComparisonResult write_comparison(const std::vector<ComparedStudy>& studies, const std::filesystem::path& out_dir,
                                  const CompareOptions& options) {
  if (studies.empty()) throw std::invalid_argument("nothing to compare: no studies selected");
  std::filesystem::create_directories(out_dir);

  // Panels in first-seen order; series sorted by name (std::map) for stable colours.
  std::vector<Panel> panels;
  std::map<std::string, std::size_t> panel_index;
  std::map<std::string, std::size_t> series_colour;
  // A series pools seeds of one spec: studies that share a label but differ in
  // anything else (or repeat a seed) become their own series, "label #2".
  struct SeriesSlot {
    std::string pool_key;
    std::set<std::uint64_t> seeds;
    std::string name;
  };
  std::map<std::string, std::vector<SeriesSlot>> slots;  // panel + base name -> its series
  auto series_name = [&](const std::string& panel, const ComparedStudy& r) {
    const std::string base = series_of(r);
    auto& list = slots[panel + "\n" + base];
    for (auto& slot : list)
      if (slot.pool_key == r.pool_key && slot.seeds.insert(r.seed).second) return slot.name;
    list.push_back({r.pool_key, {r.seed}, list.empty() ? base : base + " #" + std::to_string(list.size() + 1)});
    return list.back().name;
  };
  for (const auto& r : studies) {
    const auto name = panel_of(r);
    auto [it, inserted] = panel_index.try_emplace(name, panels.size());
    if (inserted) panels.push_back(Panel{name, &r, {}});
    auto& p = panels[it->second];
    if (p.first->maximize != r.maximize)
      throw std::invalid_argument("studies '" + p.first->study + "' and '" + r.study +
                                  "' share a panel but optimise in different directions");
    const std::string series = series_name(name, r);
    auto& s = p.series[series];
    s.name = series;
    s.studies.push_back(&r);
    s.curves.push_back(best_so_far(r.trials, r.maximize));
    series_colour.try_emplace(r.optimizer, series_colour.size());  // a transfer series shares its optimizer's colour
  }

  ComparisonResult result;
  for (auto& p : panels) {
    std::optional<double> best;
    for (auto& [name, s] : p.series) {
      s.band = aggregate_over_seeds(s.curves);
      for (const auto& c : s.curves)
        if (!c.empty() && c.back() && (!best || better(*c.back(), *best, p.first->maximize))) best = *c.back();
    }
    for (const auto& [name, s] : p.series) {
      auto sum = summarise(p, s, best.value_or(0.0), options);
      if (!s.studies.front()->prior.empty()) {
        const ComparedStudy& first = *s.studies.front();
        const auto plain = p.series.find(first.label.empty() ? first.optimizer : first.label);
        if (plain != p.series.end()) {
          const auto with_priors = finals_of(s), without = finals_of(plain->second);
          if (!with_priors.empty() && !without.empty()) {
            const TransferGain g = transfer_gain(with_priors, without, p.first->maximize);
            sum.transfer_gain = g.gain;
            sum.transfer_gain_interval = std::pair{g.low, g.high};
            sum.negative_transfer = g.negative();
          }
        }
      }
      result.summaries.push_back(std::move(sum));
    }
  }

  const auto curves_csv = out_dir / "curves.csv";
  write_curves_csv(panels, curves_csv);
  const auto summary_csv = out_dir / "summary.csv";
  write_summary_csv(result.summaries, summary_csv);
  result.files = {curves_csv, summary_csv};

  std::ostringstream md, html;
  html << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>archex optimizer comparison</title>\n"
          "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse}"
          "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child{text-align:left}"
          "tr.best td{font-weight:bold;background:#eef6ee}dl.source dt{font-weight:bold}"
          "img{max-width:100%}code{font-size:90%}</style></head><body>\n<h1>Optimizer comparison</h1>\n";
  html << provenance_html(options.source, studies.size());
  html << "<p>Curves: median best-so-far over seeds, band = 25–75 % quantiles over seeds; the dotted line is the "
          "template's baseline design. <b>Trials to reach</b>: the median, over the seeds that get there, of the "
          "first trial within "
       << format_number(options.reach_fraction * 100, 3)
       << " % of the best value found in the panel, with how many seeds get there: \"214 (3/5)\" means 3 of 5 "
          "seeds, after 214 trials in the median; \"never (0/3)\" means none of 3. ★ marks the series with the "
          "best median final value. <b>Transfer gain</b>: how much better the median final best is with priors than "
          "without (&gt; 1: the priors help), with a 95 % bootstrap interval over seeds; <i>negative transfer</i> "
          "when the whole interval is below 1.</p>\n";
  md << "# Optimizer comparison\n\n"
     << "Trials to reach: median over the seeds that reach " << format_number(options.reach_fraction * 100, 3)
     << " % of the panel's best, (seeds reaching / seeds); \"never (0/3)\": no seed did.\n\n";
  // Each series' best design (over its seeds), linked from the tables.
  std::map<std::string, std::string> anchors;
  std::ostringstream designs;
  for (const auto& p : panels)
    for (const auto& [name, s] : p.series) {
      const ComparedStudy* owner = nullptr;
      for (const ComparedStudy* r : s.studies)
        if (r->best && (owner == nullptr || better(r->best->value, owner->best->value, p.first->maximize))) owner = r;
      if (owner == nullptr) continue;
      const std::string anchor = "best-" + std::to_string(anchors.size() + 1);
      anchors[p.name + "\n" + name] = anchor;
      designs << best_design_html(anchor, p.name, name, *owner);
    }
  for (const auto& p : panels) {
    const auto stem = stem_of(p.name);
    const std::string unit = p.first->objective_unit;
    md << "## " << p.name << "\n\n";
    html << "<h2>" << html_escape(display_units(p.name)) << "</h2>\n";
    if (!unit.empty()) {
      md << "Unit: " << unit << "\n\n";
      html << "<p>Unit: " << html_escape(unit) << "</p>\n";
    }
    bool any_point = false;
    for (const auto& [name, s] : p.series) any_point |= !s.band.empty();
    if (options.plots && !any_point) {
      md << "No feasible design in any series yet: no plot.\n\n";
      html << "<p>No feasible design in any series yet: no plot.</p>\n";
    } else if (options.plots) {
      CurvePlot plot;
      plot.title = p.name;
      plot.y_label = p.first->maximize && p.first->objective.starts_with("hypervolume")
                         ? "hypervolume"  // the reference point is long: stated in the report
                         : "best " + p.first->objective + (unit.empty() ? std::string() : " (" + unit + ")");
      plot.log_y = p.first->objective == "latency";  // latencies span orders of magnitude early on
      std::size_t seeds = 0;
      bool late = false;
      for (const auto& [name, s] : p.series) {
        const auto& first = *s.studies.front();
        seeds = std::max(seeds, s.curves.size());
        std::string label = name;
        // Said when no seed had a feasible design for a noticeable part of the study.
        const std::size_t length = s.band.empty() ? 0 : s.band.back().trial;
        if (!s.band.empty() && s.band.front().trial > std::max<std::size_t>(10, length / 20)) {
          label += " (from trial " + std::to_string(s.band.front().trial) + ")";
          late = true;
        }
        plot.series.push_back(
            PlotSeries{label, series_color(series_colour.at(first.optimizer)), !first.prior.empty(), s.band});
      }
      plot.subtitle = "median of " + std::to_string(seeds) + (seeds == 1 ? " seed" : " seeds") + ", band 25-75 %" +
                      (late ? "; a curve starts at its first feasible design" : "");
      if (!p.first->objective.starts_with("hypervolume") && p.first->baseline_objective) {
        plot.reference = *p.first->baseline_objective;
        plot.reference_label = "baseline design " + format_number(*plot.reference, 4) +
                               (unit.empty() ? "" : " " + unit);
      }
      draw_curve_plot(plot, out_dir, stem);
      for (const char* ext : {".svg", ".png", ".pdf"}) result.files.push_back(out_dir / (stem + ext));
      md << "![" << p.name << "](" << stem << ".png)\n\n";
      html << "<img src=\"" << html_escape(stem) << ".svg\" alt=\"" << html_escape(p.name) << "\">\n";
      if (p.first->objective_axes.size() > 1) {  // several objectives: the fronts, two at a time
        std::vector<FrontSeries> fronts;
        for (const auto& [name, s] : p.series) {
          FrontSeries f{name, series_color(series_colour.at(s.studies.front()->optimizer)),
                        !s.studies.front()->prior.empty(), {}};
          for (const ComparedStudy* r : s.studies) f.points.insert(f.points.end(), r->front.begin(), r->front.end());
          fronts.push_back(std::move(f));
        }
        for (const auto& front_stem : draw_front_projections(p.name, p.first->objective_axes, fronts, out_dir, stem)) {
          for (const char* ext : {".svg", ".png", ".pdf"}) result.files.push_back(out_dir / (front_stem + ext));
          md << "![" << front_stem << "](" << front_stem << ".png)\n\n";
          html << "<img src=\"" << html_escape(front_stem) << ".svg\" alt=\"Pareto front\">\n";
        }
      }
    }
    md << markdown_table(result.summaries, p.name, unit, options.reach_fraction) << "\n";
    html << html_table(result.summaries, p.name, unit, p.first->maximize, anchors);
    // Which parameters explained the objective in this panel (every study's trials).
    ImportanceInput pooled;
    for (const auto& [name, s] : p.series)
      for (const ComparedStudy* r : s.studies) {
        if (r->importance.names.empty() || (!pooled.names.empty() && pooled.names != r->importance.names)) continue;
        pooled.names = r->importance.names;
        pooled.sizes = r->importance.sizes;
        pooled.points.insert(pooled.points.end(), r->importance.points.begin(), r->importance.points.end());
        pooled.values.insert(pooled.values.end(), r->importance.values.begin(), r->importance.values.end());
      }
    const Importance importance = rank_importance(pooled);
    if (!importance.ranking.empty()) {
      html << "<h3>Parameter importance</h3>\n" << importance_html(importance);
      if (options.plots) {
        draw_importance(importance, p.name + ": parameter importance", out_dir, stem + "_importance");
        for (const char* ext : {".svg", ".png", ".pdf"}) result.files.push_back(out_dir / (stem + "_importance" + ext));
        html << "<img src=\"" << html_escape(stem) << "_importance.svg\" alt=\"parameter importance\">\n";
      }
    }
  }
  if (!anchors.empty()) html << "<h2>Best designs</h2>\n" << designs.str();
  html << "</body></html>\n";
  for (const auto& [name, text] : {std::pair{std::string("summary.md"), md.str()},
                                   std::pair{std::string("report.html"), html.str()}}) {
    std::ofstream out(out_dir / name);
    if (!out) throw std::runtime_error("cannot write " + (out_dir / name).string());
    out << text;
    result.files.push_back(out_dir / name);
  }
  return result;
}

}  // namespace archex::exp
