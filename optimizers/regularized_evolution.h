#pragma once
// `evolution`: regularized (aging) evolution, Real et al., "Regularized
// Evolution for Image Classifier Architecture Search", AAAI 2019, as Apollo
// (Yazdanbakhsh et al., arXiv 2102.01723) ran it on accelerator parameters.
//
// The population is the `population` most recent observations (the best
// feasible priors, then this study's trials, in order): removing the oldest
// member on every new trial is exactly what replaying the history gives, so
// nothing but the history is needed. Until the population is full (or holds
// at least `tournament` seeding priors) the optimizer samples uniformly. Each child is a mutation (sometimes after a
// uniform crossover) of the winner of a tournament among `tournament` members
// drawn with replacement; infeasible members have the worst fitness.

#include "optimizers/optimizer.h"

namespace archex::opt {

struct EvolutionOptions {
  // Number of members alive at once. Real et al. and Apollo: 100. >= 2.
  int population = 100;
  // Members sampled (with replacement) per tournament; the fittest becomes a
  // parent. Real et al. use 25 for a population of 100; when only the
  // population is set, population / 4. In [1, population].
  int tournament = 25;
  // Probability that each parameter mutates (at least one always does). In [0, 1].
  double mutation_rate = 0.1;
  // Probability that a child starts as a uniform crossover of two tournament
  // winners before mutation. In [0, 1].
  double crossover_rate = 0.2;
  // Best feasible priors that seed the initial population (transfer warm
  // start); 0 disables it, at most `population` are used. >= 0.
  int prior_seeds = 100;

  static EvolutionOptions parse(const std::string& optimizer, const Settings& settings);
  void validate(const std::string& optimizer) const;
  static std::vector<SettingInfo> describe();
};

class RegularizedEvolution : public Optimizer {
 public:
  static constexpr const char* kName = "evolution";
  RegularizedEvolution(const SearchSpace& space, const Settings& settings);
  static OptimizerInfo info();

  std::string name() const override { return kName; }
  std::vector<Suggestion> suggest(const History& history, int count, Rng& rng) override;

 private:
  SearchSpace space_;
  EvolutionOptions options_;
};

}  // namespace archex::opt
