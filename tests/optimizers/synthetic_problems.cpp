#include "tests/optimizers/synthetic_problems.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numbers>

#include "optimizers/pareto.h"
#include "optimizers/registry.h"

namespace archex::opt::testing {

namespace {

const std::vector<int> kCardinalities = {6, 7, 8, 9, 10, 6, 7, 8, 6};
// Target index per parameter (the optimum); the last parameter is categorical.
const std::vector<int> kTarget = {4, 4, 6, 5, 7, 5, 2, 5, 3};
// Categorical cost table of the last parameter (0 at the target value 3).
const std::vector<double> kCategoryCost = {0.6, 0.3, 0.9, 0.0, 0.45, 0.75};
// Area weights of the ordinal parameters, scaled so that the target's area is 1.
const std::vector<double> kAreaWeights = {1.0, 0.5, 1.5, 0.7, 1.2, 0.9, 0.4, 1.1};

SearchSpace make_space() {
  std::vector<Parameter> params;
  for (std::size_t i = 0; i < kCardinalities.size(); ++i) {
    std::string name = "p";  // (not "p" + ...: GCC 12 warns falsely, bug 105329)
    name += std::to_string(i);
    Parameter p{name, {}, i + 1 < kCardinalities.size()};
    for (int v = 0; v < kCardinalities[i]; ++v) p.values.push_back(std::pow(2.0, v));
    params.push_back(std::move(p));
  }
  return SearchSpace(std::move(params));
}

double normalised(const Point& p, std::size_t i) {
  return static_cast<double>(p[i]) / (kCardinalities[i] - 1);
}

double raw_area(const Point& p) {
  double a = 0;
  for (std::size_t i = 0; i < kAreaWeights.size(); ++i) a += kAreaWeights[i] * normalised(p, i);
  return a;
}

// A "mapping" constraint independent of the budget: designs whose parameters
// 1, 3 and 6 are all small fail (about 28% of the space; the target passes
// with a margin of 0.43).
constexpr double kMinMappingSum = 1.2;

bool mappable(const Point& p) { return normalised(p, 1) + normalised(p, 3) + normalised(p, 6) >= kMinMappingSum; }

std::function<bool(const Point&)> area_constraint(double budget) {
  const double target_area = raw_area(kTarget);
  return [budget, target_area](const Point& p) { return raw_area(p) / target_area <= budget + 1e-12; };
}

// Distances of the ordinal parameters to the target, normalised.
std::vector<double> distances(const Point& p) {
  std::vector<double> d(kAreaWeights.size());
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = normalised(p, i) - normalised(kTarget, i);
  return d;
}

SyntheticProblem make_problem(std::string name, double area_budget,
                              std::function<double(const std::vector<double>&)> ordinal_part) {
  SyntheticProblem problem;
  problem.name = std::move(name);
  problem.space = make_space();
  problem.objective = [ordinal_part](const Point& p) { return kCategoryCost[p.back()] + ordinal_part(distances(p)); };
  problem.within_budget = area_constraint(area_budget);
  problem.feasible = [within = problem.within_budget](const Point& p) { return within(p) && mappable(p); };
  problem.optimum = 0;
  return problem;
}

}  // namespace

SyntheticProblem area_tradeoff_problem(double area_budget) {
  SyntheticProblem problem = separable_problem(area_budget);
  problem.name = "area-tradeoff";
  problem.objectives = [f = problem.objective](const Point& p) { return std::vector<double>{f(p), raw_area(p)}; };
  problem.objective_count = 2;
  return problem;
}

double study_hypervolume(const StudyResult& result, const std::vector<double>& reference) {
  std::vector<Objectives> values;
  for (const auto& t : result.trials)
    if (t.feasible) values.push_back(t.values);
  return hypervolume(values, reference);
}

SyntheticProblem separable_problem(double area_budget) {
  return make_problem("separable", area_budget, [](const std::vector<double>& d) {
    double f = 0;
    for (std::size_t i = 0; i < d.size(); ++i) f += (1.0 + 0.25 * i) * d[i] * d[i];
    return f;
  });
}

SyntheticProblem coupled_problem(double area_budget) {
  return make_problem("coupled", area_budget, [](const std::vector<double>& d) {
    double f = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
      const double next = i + 1 < d.size() ? d[i + 1] : d[0];
      f += 2.0 * (d[i] - 0.9 * next) * (d[i] - 0.9 * next) + 0.2 * d[i] * d[i];
      f += 0.15 * (1.0 - std::cos(6.0 * std::numbers::pi * d[i]));  // local minima
    }
    return f;
  });
}

Observation observe(const SyntheticProblem& problem, const Suggestion& s, bool measure_violating) {
  Observation o;
  o.point = s.point;
  o.proposer = s.proposer;
  o.feasible = problem.feasible(s.point);
  o.value = o.feasible ? problem.objective(s.point) : 0.0;
  if (!o.feasible && measure_violating && mappable(s.point)) o.violating_value = problem.objective(s.point);
  if (problem.objectives) {
    const std::vector<double> values = problem.objectives(s.point);
    if (o.feasible) o.values = values;
    if (o.violating_value) o.violating_values = values;
  }
  return o;
}

StudyResult run_study(const std::string& optimizer, const Settings& settings, const SyntheticProblem& problem,
                      int trials, int batch, std::uint64_t seed, const std::vector<Observation>& priors,
                      StateHandling state) {
  StudyResult result;
  result.best = std::numeric_limits<double>::infinity();
  std::unique_ptr<Optimizer> opt;
  while (static_cast<int>(result.trials.size()) < trials) {
    const int first = static_cast<int>(result.trials.size());
    const int count = std::min(batch, trials - first);
    std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(first)};
    Rng rng(seq);
    if (!opt || state != StateHandling::kKept) {
      opt = make_optimizer(optimizer, problem.space, settings);
      if (state == StateHandling::kSaved && !result.states.empty()) opt->restore_state(result.states.back());
    }
    History history{priors, result.trials, {}, nullptr, problem.objective_count};
    const auto suggestions = opt->suggest(history, count, rng);
    if (auto saved = opt->take_state()) result.states.push_back(std::move(*saved));
    for (auto& notice : opt->take_notices()) result.notices.push_back(std::move(notice));
    for (const auto& s : suggestions) {
      result.suggestions.push_back(s);
      result.trials.push_back(observe(problem, s));
      if (result.trials.back().feasible) result.best = std::min(result.best, result.trials.back().value);
    }
  }
  return result;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

double median_best(const std::vector<StudyResult>& results) {
  std::vector<double> best;
  for (const auto& r : results) best.push_back(r.best);
  return median(best);
}

std::vector<StudyResult> run_seeds(const std::string& optimizer, const Settings& settings,
                                   const SyntheticProblem& problem, int trials, int batch, int seeds,
                                   const std::vector<Observation>& priors) {
  std::vector<StudyResult> out;
  for (int s = 1; s <= seeds; ++s) out.push_back(run_study(optimizer, settings, problem, trials, batch, s, priors));
  return out;
}

}  // namespace archex::opt::testing
