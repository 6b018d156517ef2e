#include "explorer/memory_trial_store.h"

#include <algorithm>

#include "explorer/clock.h"
#include "explorer/errors.h"

namespace archex::explore {

MemoryTrialStore::Study& MemoryTrialStore::study_locked(std::int64_t study_id) {
  auto it = studies_.find(study_id);
  if (it == studies_.end()) throw StoreError("no study with id " + std::to_string(study_id) + " in :memory:");
  return it->second;
}

const TrialRecord& MemoryTrialStore::trial_by_id_locked(std::int64_t trial_id) const {
  const auto& [study_id, number] = trial_index_.at(trial_id);
  return studies_.at(study_id).trials[static_cast<std::size_t>(number)];
}

std::pair<StudyRecord, bool> MemoryTrialStore::create_or_get_study(const NewStudy& study) {
  std::lock_guard lock(mutex_);
  for (const auto& [id, existing] : studies_)
    if (existing.record.name == study.name) return {existing.record, false};
  std::vector<std::int64_t> prior_ids;
  for (const auto& prior : study.prior_studies) {
    auto it = std::find_if(studies_.begin(), studies_.end(),
                           [&](const auto& entry) { return entry.second.record.name == prior; });
    if (it == studies_.end()) throw StoreError("prior study '" + prior + "' not found in :memory:");
    for (const auto& trial : it->second.trials)
      if ((trial.state == TrialState::kComplete || trial.state == TrialState::kInfeasible) &&
          !trial.metrics_json.empty() && std::find(prior_ids.begin(), prior_ids.end(), trial.id) == prior_ids.end())
        prior_ids.push_back(trial.id);
  }
  Study created;
  created.record = make_study_record(study, iso_now());
  created.record.id = next_study_id_++;
  created.prior_ids = std::move(prior_ids);
  auto record = created.record;
  studies_.emplace(record.id, std::move(created));
  return {record, true};
}

std::optional<StudyRecord> MemoryTrialStore::find_study(std::string_view name) {
  std::lock_guard lock(mutex_);
  for (const auto& [id, study] : studies_)
    if (study.record.name == name) return study.record;
  return std::nullopt;
}

StudySummary MemoryTrialStore::summarize_locked(const Study& study) const {
  StudySummary summary;
  summary.study = study.record;
  summary.prior_count = static_cast<int>(study.prior_ids.size());
  for (const auto& trial : study.trials) {
    summary.counts.add(trial.state);
    if (trial.state == TrialState::kComplete &&
        (!summary.best_value || better(study.record.direction, *trial.value, *summary.best_value)))
      summary.best_value = trial.value;
  }
  return summary;
}

std::vector<StudySummary> MemoryTrialStore::list_studies() {
  std::lock_guard lock(mutex_);
  std::vector<StudySummary> summaries;
  for (const auto& [id, study] : studies_) summaries.push_back(summarize_locked(study));
  std::sort(summaries.begin(), summaries.end(),
            [](const auto& a, const auto& b) { return a.study.name < b.study.name; });
  return summaries;
}

StudySummary MemoryTrialStore::summarize(std::int64_t study_id) {
  std::lock_guard lock(mutex_);
  return summarize_locked(study_locked(study_id));
}

void MemoryTrialStore::set_target_and_jobs(std::int64_t study_id, int target_trials, int jobs) {
  std::lock_guard lock(mutex_);
  auto& study = study_locked(study_id);
  study.record.target_trials = target_trials;
  study.record.jobs = jobs;
}

ClaimResult MemoryTrialStore::claim_trials(const ClaimRequest& request, const ProposeFn& propose) {
  std::lock_guard lock(mutex_);
  auto& study = study_locked(request.study_id);
  ClaimResult result;
  result.target_trials = study.record.target_trials;
  const auto now = std::chrono::system_clock::now();
  const std::string now_text = iso_timestamp(now);
  const std::string stale_before = iso_timestamp(now - request.stale_after);

  // Work on copies, so a throwing proposer leaves the store unchanged.
  std::vector<TrialRecord> running;
  for (const auto& trial : study.trials)
    if (trial.state == TrialState::kRunning) running.push_back(trial);
  for (std::size_t i = 0; i < running.size(); ++i) {
    if (static_cast<int>(result.claimed.size()) >= request.max_count) break;
    if (!is_stale(running[i], request.owner, stale_before)) continue;
    running[i].owner = request.owner;
    running[i].heartbeat_at = now_text;
    ++running[i].attempts;
    result.claimed.push_back(running[i]);
  }
  result.created = static_cast<int>(study.trials.size());
  for (const auto& trial : study.trials)
    if (trial.state != TrialState::kRunning && trial.finish_seq > request.finished_after_seq) {
      result.newly_finished.push_back(trial);
      if (trial.state != TrialState::kInfeasible) result.newly_finished.back().metrics_json.clear();
    }
  std::sort(result.newly_finished.begin(), result.newly_finished.end(),
            [](const auto& a, const auto& b) { return a.finish_seq < b.finish_seq; });
  result.finished_seq =
      result.newly_finished.empty() ? request.finished_after_seq : result.newly_finished.back().finish_seq;

  const int count = new_trial_count(request, static_cast<int>(result.claimed.size()), running.size(),
                                    result.target_trials, result.created);
  std::vector<NewTrial> proposals;
  if (count > 0) {
    proposals = propose(ClaimContext{result.created, count, result.newly_finished, running});
    if (static_cast<int>(proposals.size()) != count)
      throw ExploreError("the proposer returned " + std::to_string(proposals.size()) + " points, " +
                         std::to_string(count) + " were asked for");
  }
  // Commit.
  for (const auto& trial : result.claimed) study.trials[static_cast<std::size_t>(trial.number)] = trial;
  for (auto& proposal : proposals) {
    TrialRecord trial = make_running_trial(request.study_id, static_cast<int>(study.trials.size()),
                                           std::move(proposal), request.owner, now_text);
    trial.id = next_trial_id_++;
    trial_index_[trial.id] = {request.study_id, trial.number};
    study.trials.push_back(trial);
    result.claimed.push_back(std::move(trial));
  }
  result.created += count;
  for (const auto& trial : running)
    if (trial.owner.token != request.owner.token) ++result.running_elsewhere;
  return result;
}

bool MemoryTrialStore::finish_trial(std::int64_t trial_id, const Owner& owner, const TrialResult& result) {
  check_trial_result(result);
  std::lock_guard lock(mutex_);
  auto it = trial_index_.find(trial_id);
  if (it == trial_index_.end()) return false;
  auto& study = study_locked(it->second.first);
  auto& trial = study.trials[static_cast<std::size_t>(it->second.second)];
  if (trial.state != TrialState::kRunning || trial.owner.token != owner.token) return false;
  trial.state = result.state;
  trial.value = result.value;
  trial.values = result.values;
  trial.constraints_json = result.constraints_json;
  trial.metrics_json = result.metrics_json;
  trial.reason = result.reason;
  trial.cached = result.cached;
  trial.finished_at = iso_now();
  trial.heartbeat_at.clear();
  trial.finish_seq = ++study.last_finish_seq;
  return true;
}

void MemoryTrialStore::heartbeat(std::int64_t study_id, const Owner& owner) {
  std::lock_guard lock(mutex_);
  const std::string now = iso_now();
  for (auto& trial : study_locked(study_id).trials)
    if (trial.state == TrialState::kRunning && trial.owner.token == owner.token) trial.heartbeat_at = now;
}

int MemoryTrialStore::release_trials(std::int64_t study_id, const Owner& owner) {
  std::lock_guard lock(mutex_);
  int released = 0;
  for (auto& trial : study_locked(study_id).trials)
    if (trial.state == TrialState::kRunning && !owner.token.empty() && trial.owner.token == owner.token) {
      trial.owner = Owner{};
      trial.heartbeat_at.clear();
      ++released;
    }
  return released;
}

std::vector<TrialRecord> MemoryTrialStore::trials(std::int64_t study_id) {
  std::lock_guard lock(mutex_);
  return study_locked(study_id).trials;
}

std::vector<PriorTrial> MemoryTrialStore::prior_trials(std::int64_t study_id) {
  std::lock_guard lock(mutex_);
  std::vector<PriorTrial> priors;
  for (auto trial_id : study_locked(study_id).prior_ids) {
    const auto& trial = trial_by_id_locked(trial_id);
    priors.push_back({studies_.at(trial.study_id).record.name, trial});
  }
  std::sort(priors.begin(), priors.end(), [](const auto& a, const auto& b) {
    return a.study != b.study ? a.study < b.study : a.trial.number < b.trial.number;
  });
  return priors;
}

std::optional<opt::SavedState> MemoryTrialStore::load_optimizer_state(std::int64_t study_id) {
  std::lock_guard lock(mutex_);
  return study_locked(study_id).optimizer_state;
}

void MemoryTrialStore::save_optimizer_state(std::int64_t study_id, const opt::SavedState& state) {
  std::lock_guard lock(mutex_);
  auto& saved = study_locked(study_id).optimizer_state;
  if (!saved || state.trials >= saved->trials) saved = state;
}

}  // namespace archex::explore
