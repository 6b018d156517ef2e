#include "explorer/trial_history.h"

#include <algorithm>

namespace archex::explore {

TrialHistory::TrialHistory(std::vector<opt::Observation> priors, std::vector<Direction> directions,
                           ViolatingValues violating_values)
    : priors_(std::move(priors)), directions_(std::move(directions)), violating_values_(std::move(violating_values)) {
  if (directions_.empty()) directions_ = {Direction::kMinimize};
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
    const bool several = directions_.size() > 1;
    auto minimised = [&](const std::vector<double>& values) {
      std::vector<double> out;
      for (std::size_t i = 0; i < directions_.size(); ++i) out.push_back(to_minimization(directions_[i], values[i]));
      return out;
    };
    const bool has_values = trial.values.size() == directions_.size();
    if (observation.feasible) {
      observation.value = to_minimization(directions_.front(), *trial.value);
      if (several && has_values)
        observation.values = minimised(trial.values);
      else if (several)
        observation.feasible = false;  // no values for every objective: nothing to rank it by
    }
    if (trial.state == TrialState::kInfeasible) {
      // Stored values of a design that violates a constraint; trials written
      // before values were stored are re-scored from their metrics.
      std::vector<double> violating;
      if (has_values)
        violating = minimised(trial.values);
      else if (!trial.metrics_json.empty() && violating_values_)
        violating = violating_values_(trial);
      if (!violating.empty()) observation.violating_value = violating.front();
      if (several) observation.violating_values = std::move(violating);
    }
    observation.proposer = trial.proposer;
    observed_.insert(observation.point);
    const auto offset = it - numbers_.begin();
    numbers_.insert(it, trial.number);
    trials_.insert(trials_.begin() + offset, std::move(observation));
    if (trial.state == TrialState::kComplete && trial.value &&
        (!best_ || better(directions_.front(), *trial.value, best_->value) ||
         (*trial.value == best_->value && trial.number < best_->number)))
      best_ = Best{trial.number, *trial.value};
  }
}

opt::History TrialHistory::view(std::span<const opt::Point> pending) const {
  return opt::History{priors_, trials_, pending, &observed_, static_cast<int>(directions_.size())};
}

}  // namespace archex::explore
