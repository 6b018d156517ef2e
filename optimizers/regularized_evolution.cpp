#include "optimizers/regularized_evolution.h"

#include <algorithm>

#include "optimizers/fresh_points.h"
#include "optimizers/history_view.h"
#include "optimizers/mutation.h"
#include "optimizers/random_utils.h"
#include "optimizers/settings_reader.h"

namespace archex::opt {

namespace {

// Attempts to turn a duplicate child into a new point before falling back to
// a uniform draw (duplicates waste a trial; in a nearly converged population
// most plain mutations land on known points).
constexpr int kChildAttempts = 32;

bool fitter(const Observation& a, const Observation& b) {
  if (a.feasible != b.feasible) return a.feasible;
  return a.feasible && a.value < b.value;
}

}  // namespace

EvolutionOptions EvolutionOptions::parse(const std::string& optimizer, const Settings& settings) {
  EvolutionOptions o;
  SettingsReader r(optimizer, settings);
  o.population = r.integer("population", o.population);
  // Without an explicit tournament size, keep Real et al.'s ratio to the population.
  o.tournament = r.integer("tournament", std::max(1, o.population / 4));
  o.mutation_rate = r.real("mutation_rate", o.mutation_rate);
  o.crossover_rate = r.real("crossover_rate", o.crossover_rate);
  o.prior_seeds = r.integer("prior_seeds", o.prior_seeds);
  r.reject_unknown();
  o.validate(optimizer);
  return o;
}

void EvolutionOptions::validate(const std::string& optimizer) const {
  if (population < 2) setting_error(optimizer, "population", format_setting(population), "an integer >= 2");
  if (tournament < 1 || tournament > population)
    setting_error(optimizer, "tournament", format_setting(tournament),
                  "an integer in [1, population = " + format_setting(population) + "]");
  if (!(mutation_rate >= 0 && mutation_rate <= 1))
    setting_error(optimizer, "mutation_rate", format_setting(mutation_rate), "a probability in [0, 1]");
  if (!(crossover_rate >= 0 && crossover_rate <= 1))
    setting_error(optimizer, "crossover_rate", format_setting(crossover_rate), "a probability in [0, 1]");
  if (prior_seeds < 0) setting_error(optimizer, "prior_seeds", format_setting(prior_seeds), "an integer >= 0");
}

std::vector<SettingInfo> EvolutionOptions::describe() {
  const EvolutionOptions d;
  return {
      {"population", format_setting(d.population), "members alive at once (oldest removed first)"},
      {"tournament", format_setting(d.tournament),
       "members sampled per tournament, in [1, population] (default: population / 4)"},
      {"mutation_rate", format_setting(d.mutation_rate),
       "probability that each parameter mutates (at least one always does)"},
      {"crossover_rate", format_setting(d.crossover_rate),
       "probability that a child is a uniform crossover of two winners before mutation"},
      {"prior_seeds", format_setting(d.prior_seeds),
       "best feasible priors seeding the initial population (transfer; at most population are used)"},
  };
}

RegularizedEvolution::RegularizedEvolution(const SearchSpace& space, const Settings& settings)
    : space_(space), options_(EvolutionOptions::parse(kName, settings)) {}

OptimizerInfo RegularizedEvolution::info() {
  return {kName, "regularized (aging) evolution: tournament selection, mutation, crossover",
          EvolutionOptions::describe()};
}

std::vector<Suggestion> RegularizedEvolution::suggest(const History& history, int count, Rng& rng) {
  // The population after replaying the history: the last `population` of
  // (seeding priors, trials).
  std::vector<const Observation*> population =
      best_feasible(pointers_to(history.priors), std::min(options_.prior_seeds, options_.population));
  const int seeds = static_cast<int>(population.size());
  for (const auto& o : history.trials) population.push_back(&o);
  if (static_cast<int>(population.size()) > options_.population)
    population.erase(population.begin(), population.end() - options_.population);
  // Evolve once the population is full, or at once when enough priors seed it
  // for a tournament (a warm start should not begin with random trials).
  const bool evolving =
      static_cast<int>(population.size()) >= options_.population || seeds >= options_.tournament;

  BatchBuilder batch(space_, history, kName, count);

  const int size = static_cast<int>(population.size());
  auto tournament_winner = [&]() -> const Point& {
    const Observation* best = population[uniform_index(rng, size)];
    for (int i = 1; i < options_.tournament; ++i) {
      const Observation* c = population[uniform_index(rng, size)];
      if (fitter(*c, *best)) best = c;
    }
    return best->point;
  };

  while (evolving && !batch.full()) {
    bool found = false;
    for (int attempt = 0; attempt < kChildAttempts && !found; ++attempt) {
      Point child = tournament_winner();
      if (uniform01(rng) < options_.crossover_rate) child = crossover(child, tournament_winner(), rng);
      child = mutate(space_, child, options_.mutation_rate, rng);
      if ((found = !batch.taken().contains(child))) batch.add(std::move(child));
    }
    if (!found) batch.add(batch.taken().random_fresh(rng));
  }
  batch.fill_random(rng);  // population not full yet
  return batch.take();
}

}  // namespace archex::opt
