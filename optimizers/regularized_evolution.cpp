#include "optimizers/regularized_evolution.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "optimizers/fresh_points.h"
#include "optimizers/history_view.h"
#include "optimizers/mutation.h"
#include "optimizers/pareto.h"
#include "optimizers/prior_weight.h"
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

// Several objectives: NSGA-II (Deb et al. 2002). The population is the best
// `size` of everything observed by (front, crowding distance): fronts in
// order, the last one that fits cut by crowding; infeasible points only
// when too few are feasible. fitness[i] = (front, -crowding), lower is fitter.
struct Ranked {
  std::vector<const Observation*> members;
  std::vector<std::pair<int, double>> fitness;
};

Ranked nsga_population(const std::vector<const Observation*>& observed, int size) {
  std::vector<const Observation*> feasible, infeasible;
  for (const Observation* o : observed) (o->feasible && !o->values.empty() ? feasible : infeasible).push_back(o);
  std::vector<Objectives> values;
  for (const Observation* o : feasible) values.push_back(o->values);
  const std::vector<int> rank = non_dominated_ranks(values);
  const int fronts = rank.empty() ? 0 : *std::max_element(rank.begin(), rank.end()) + 1;
  Ranked out;
  for (int f = 0; f < fronts && static_cast<int>(out.members.size()) < size; ++f) {
    std::vector<std::size_t> front;
    for (std::size_t i = 0; i < rank.size(); ++i)
      if (rank[i] == f) front.push_back(i);
    const std::vector<double> crowding = crowding_distances(values, front);
    std::vector<std::size_t> order(front.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return crowding[a] > crowding[b]; });
    for (std::size_t j = 0; j < order.size() && static_cast<int>(out.members.size()) < size; ++j) {
      out.members.push_back(feasible[front[order[j]]]);
      out.fitness.push_back({f, -crowding[order[j]]});
    }
  }
  // Too few feasible points: the newest infeasible ones fill up (and lose every tournament).
  for (auto it = infeasible.rbegin(); it != infeasible.rend() && static_cast<int>(out.members.size()) < size; ++it) {
    out.members.push_back(*it);
    out.fitness.push_back({fronts, 0.0});
  }
  return out;
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
  // Evolve once the population is full, or at once when enough priors seed it
  // for a tournament (a warm start should not begin with random trials).
  const bool evolving = static_cast<int>(population.size() + history.trials.size()) >= options_.population ||
                        seeds >= options_.tournament;
  // The seeds shrink with the priors' weight (prior_weight.h): once this
  // study's trials show the priors rank designs poorly, fewer of them win
  // tournaments and the search leaves their basin.
  if (seeds > 0) {
    const double weight = measure_prior_trust(space_, history, rng).weight;
    population.resize(static_cast<std::size_t>(std::lround(seeds * weight)));
  }
  for (const auto& o : history.trials) population.push_back(&o);
  Ranked ranked;
  if (history.objectives > 1) {
    // Several objectives: the best of all priors and trials, not the youngest.
    std::vector<const Observation*> observed = pointers_to(history.priors);
    for (const auto& o : history.trials) observed.push_back(&o);
    ranked = nsga_population(observed, options_.population);
    population = ranked.members;
  } else if (static_cast<int>(population.size()) > options_.population) {
    population.erase(population.begin(), population.end() - options_.population);
  }
  auto fitter_at = [&](int a, int b) {
    return ranked.fitness.empty() ? fitter(*population[a], *population[b]) : ranked.fitness[a] < ranked.fitness[b];
  };

  BatchBuilder batch(space_, history, kName, count);

  const int size = static_cast<int>(population.size());
  auto tournament_winner = [&]() -> const Point& {
    int best = uniform_index(rng, size);
    for (int i = 1; i < options_.tournament; ++i) {
      const int c = uniform_index(rng, size);
      if (fitter_at(c, best)) best = c;
    }
    return population[best]->point;
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
