#include "explorer/ask_tell.h"

#include <functional>
#include <iostream>

#include "explorer/errors.h"
#include "explorer/evaluator.h"
#include "explorer/reported_metrics.h"

namespace archex::explore {

AskTellSession::AskTellSession(TrialStore& store, StudyRecord study, const StudyEnvironment& env,
                               std::vector<opt::Observation> priors, AskTellOptions options)
    : store_(store),
      study_(std::move(study)),
      env_(env),
      options_(options),
      owner_(Owner::current()),
      history_(make_study_history(std::move(priors), env)),
      proposer_(env, history_) {
  if (options_.batch < 1 || options_.batch > 1024)
    throw ExploreError("ask/tell option 'batch': " + std::to_string(options_.batch) + " must be from 1 to 1024");
  proposer_.restore_state(store_, study_.id);
  heartbeat_.emplace(store_, study_.id, owner_, options_.heartbeat_interval);
}

AskTellSession::~AskTellSession() {
  heartbeat_.reset();
  try {
    store_.release_trials(study_.id, owner_);
  } catch (const std::exception&) {
    // Unreleased trials go stale (their process is gone) and are re-run all the same.
  }
}

std::optional<TrialRecord> AskTellSession::ask() {
  std::lock_guard lock(mutex_);
  if (queued_.empty()) {
    const bool batched = options_.batch > 1;
    const int count = batched ? (held_.empty() ? options_.batch : 0) : 1;
    if (count == 0) return std::nullopt;
    ClaimResult claim = store_.claim_trials(
        ClaimRequest{study_.id, owner_, count, options_.stale_after, cursor_, batched}, std::ref(proposer_));
    history_.merge(claim.newly_finished);
    cursor_ = claim.finished_seq;
    for (const std::string& notice : proposer_.save_state(store_, study_.id))
      std::cerr << "archex: note: study " << study_.name << ": " << notice << "\n";
    for (auto& trial : claim.claimed) queued_.push_back(std::move(trial));
  }
  if (queued_.empty()) return std::nullopt;
  TrialRecord trial = std::move(queued_.front());
  queued_.pop_front();
  held_.emplace(trial.id, trial);
  return trial;
}

std::map<std::int64_t, TrialRecord>::iterator AskTellSession::held_trial(std::int64_t trial_id) {
  auto it = held_.find(trial_id);
  if (it == held_.end())
    throw ExploreError("study '" + study_.name + "': trial id " + std::to_string(trial_id) +
                       " is not held by this session (it was told already, or asked elsewhere)");
  return it;
}

TrialResult AskTellSession::tell(std::int64_t trial_id, const nlohmann::json& reported) {
  std::lock_guard lock(mutex_);
  auto it = held_trial(trial_id);
  const ReportedMetrics read = read_reported_metrics(reported, env_, it->second.point);
  std::vector<const cost::Metrics*> metrics;
  for (const auto& m : read.metrics) metrics.push_back(&m);
  return finish(trial_id, scored_result(env_.objective.score(metrics), read.metrics_json, false));
}

TrialResult AskTellSession::tell_failed(std::int64_t trial_id, const std::string& reason) {
  std::lock_guard lock(mutex_);
  held_trial(trial_id);
  return finish(trial_id, TrialResult{TrialState::kFailed, std::nullopt, "", reason, false, {}, {}});
}

TrialResult AskTellSession::finish(std::int64_t trial_id, TrialResult result) {
  auto it = held_trial(trial_id);
  TrialRecord trial = std::move(it->second);
  held_.erase(it);
  if (!store_.finish_trial(trial_id, owner_, result))
    throw ExploreError("study '" + study_.name + "': trial " + std::to_string(trial.number) +
                       " was taken over by another process (its heartbeat was older than the stale limit); "
                       "the result was not stored");
  trial.state = result.state;
  trial.value = result.value;
  trial.values = result.values;
  if (result.state == TrialState::kInfeasible) trial.metrics_json = result.metrics_json;
  history_.merge(std::span<const TrialRecord>(&trial, 1));
  return result;
}

int AskTellSession::held() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(held_.size());
}

}  // namespace archex::explore
