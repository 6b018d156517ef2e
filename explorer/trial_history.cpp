#include "explorer/trial_history.h"

#include <algorithm>

namespace archex::explore {

TrialHistory::TrialHistory(std::vector<opt::Observation> priors, Direction direction, ViolatingValue violating_value)
    : priors_(std::move(priors)), direction_(direction), violating_value_(std::move(violating_value)) {
  for (const auto& p : priors_) observed_.insert(p.point);
}

void TrialHistory::merge(std::span<const TrialRecord> finished) {
  for (const auto& trial : finished) {
    if (trial.state == TrialState::kRunning) continue;
    auto it = std::lower_bound(numbers_.begin(), numbers_.end(), trial.number);
    if (it != numbers_.end() && *it == trial.number) continue;
    opt::Observation observation;
    observation.point = trial.point;
    observation.feasible = trial.state == TrialState::kComplete && trial.value.has_value();
    if (observation.feasible) observation.value = to_minimization(direction_, *trial.value);
    if (trial.state == TrialState::kInfeasible && !trial.metrics_json.empty() && violating_value_)
      observation.violating_value = violating_value_(trial);
    observation.proposer = trial.proposer;
    observed_.insert(observation.point);
    const auto offset = it - numbers_.begin();
    numbers_.insert(it, trial.number);
    trials_.insert(trials_.begin() + offset, std::move(observation));
    if (trial.state == TrialState::kComplete && trial.value &&
        (!best_ || better(direction_, *trial.value, best_->value) ||
         (*trial.value == best_->value && trial.number < best_->number)))
      best_ = Best{trial.number, *trial.value};
  }
}

opt::History TrialHistory::view(std::span<const opt::Point> pending) const {
  return opt::History{priors_, trials_, pending, &observed_};
}

}  // namespace archex::explore
