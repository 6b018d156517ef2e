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
  BatchBuilder batch(space_, history, kName, count);
  batch.fill_random(rng);
  return batch.take();
}

}  // namespace archex::opt
