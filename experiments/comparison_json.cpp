#include "experiments/comparison_json.h"

namespace archex::exp {
namespace {

template <typename T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json comparison_json(const ComparisonResult& result, std::size_t studies) {
  nlohmann::json series = nlohmann::json::array();
  for (const SeriesSummary& s : result.summaries) {
    nlohmann::json at = nlohmann::json::object();
    for (const auto& [trials, value] : s.median_best_at) at[std::to_string(trials)] = value;
    series.push_back({{"panel", s.panel},
                      {"series", s.series},
                      {"seeds", s.seeds},
                      {"trials", s.trials},
                      {"final_best_mean", s.final_best.mean},
                      {"final_best_std", s.final_best.std},
                      {"median_final_best", or_null(s.median_final_best)},
                      {"median_best_at", at},
                      {"median_trials_to_reach", or_null(s.median_trials_to_reach)},
                      {"seeds_reaching", s.seeds_reaching},
                      {"feasibility_ratio", s.feasibility_ratio},
                      {"speedup_over_baseline", or_null(s.speedup_over_baseline)},
                      {"transfer_gain", or_null(s.transfer_gain)},
                      {"transfer_gain_interval", s.transfer_gain_interval
                                                     ? nlohmann::json{s.transfer_gain_interval->first,
                                                                      s.transfer_gain_interval->second}
                                                     : nlohmann::json(nullptr)},
                      {"negative_transfer", s.negative_transfer}});
  }
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : result.files) files.push_back(f.string());
  return {{"studies", studies}, {"series", series}, {"files", files}};
}

}  // namespace archex::exp
