#include "optimizers/random_search.h"

#include "optimizers/fresh_points.h"
#include "optimizers/settings_reader.h"

namespace archex::opt {

RandomSearch::RandomSearch(const SearchSpace& space, const Settings& settings) : space_(space) {
  SettingsReader(kName, settings).reject_unknown();  // no settings
}

OptimizerInfo RandomSearch::info() {
  return {kName, "uniform random sampling without repeats (the baseline)", {}};
}

std::vector<Suggestion> RandomSearch::suggest(const History& history, int count, Rng& rng) {
  TakenPoints taken(space_, history);
  std::vector<Suggestion> out;
  out.reserve(count);
  for (int i = 0; i < count; ++i) {
    Point p = taken.random_fresh(rng);
    taken.add(p);
    out.push_back({std::move(p), kName});
  }
  return out;
}

}  // namespace archex::opt
