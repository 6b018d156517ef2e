#include "explorer/trial_proposer.h"

#include "explorer/errors.h"
#include "explorer/priors.h"
#include "explorer/study_runner.h"

namespace archex::explore {

TrialHistory make_study_history(std::vector<opt::Observation> priors, const StudyEnvironment& env) {
  return TrialHistory(std::move(priors), env.objective.directions(), [&env](const TrialRecord& trial) {
    return violating_values(rescore(trial.metrics_json, env, "trial " + std::to_string(trial.number)), env.objective);
  });
}

TrialProposer::TrialProposer(const StudyEnvironment& env, TrialHistory& history)
    : env_(env), history_(history), optimizer_(env.make_optimizer(env.space.space())) {}

TrialProposer::~TrialProposer() = default;

std::vector<NewTrial> TrialProposer::operator()(const ClaimContext& ctx) {
  history_.merge(ctx.newly_finished);
  std::vector<opt::Point> pending;
  pending.reserve(ctx.running.size());
  for (const auto& trial : ctx.running) pending.push_back(trial.point);
  opt::Rng rng = proposal_rng(env_.seed, ctx.first_number);
  std::vector<opt::Suggestion> suggestions = optimizer_->suggest(history_.view(pending), ctx.count, rng);
  if (static_cast<int>(suggestions.size()) != ctx.count)
    throw ExploreError("optimizer '" + optimizer_->name() + "' proposed " + std::to_string(suggestions.size()) +
                       " points, " + std::to_string(ctx.count) + " were asked for");
  const opt::SearchSpace& space = env_.space.space();
  std::vector<NewTrial> trials;
  trials.reserve(suggestions.size());
  for (auto& s : suggestions) {
    if (!space.contains(s.point))
      throw ExploreError("optimizer '" + optimizer_->name() + "' proposed " + encode_point(s.point) +
                         ", which is outside the search space");
    std::string params = env_.space.params_json(s.point);
    trials.push_back({std::move(s.point), std::move(params), s.proposer.empty() ? optimizer_->name() : s.proposer});
  }
  return trials;
}

void TrialProposer::restore_state(TrialStore& store, std::int64_t study_id) {
  if (auto state = store.load_optimizer_state(study_id)) optimizer_->restore_state(*state);
}

std::vector<std::string> TrialProposer::save_state(TrialStore& store, std::int64_t study_id) {
  if (auto state = optimizer_->take_state()) store.save_optimizer_state(study_id, *state);
  return optimizer_->take_notices();
}

}  // namespace archex::explore
