#pragma once
// A trial store in memory: the same contract as the SQLite store within one
// process, nothing persisted. For tests, and to measure how much of a study's
// time the SQLite commits take.

#include <map>
#include <mutex>

#include "explorer/trial_store.h"

namespace archex::explore {

class MemoryTrialStore : public TrialStore {
 public:
  std::string location() const override { return ":memory:"; }
  std::pair<StudyRecord, bool> create_or_get_study(const NewStudy& study) override;
  std::optional<StudyRecord> find_study(std::string_view name) override;
  std::vector<StudySummary> list_studies() override;
  StudySummary summarize(std::int64_t study_id) override;
  void set_target_and_jobs(std::int64_t study_id, int target_trials, int jobs) override;
  ClaimResult claim_trials(const ClaimRequest& request, const ProposeFn& propose) override;
  bool finish_trial(std::int64_t trial_id, const Owner& owner, const TrialResult& result) override;
  void heartbeat(std::int64_t study_id, const Owner& owner) override;
  int release_trials(std::int64_t study_id, const Owner& owner) override;
  std::vector<TrialRecord> trials(std::int64_t study_id) override;
  std::vector<PriorTrial> prior_trials(std::int64_t study_id) override;
  std::optional<opt::SavedState> load_optimizer_state(std::int64_t study_id) override;
  void save_optimizer_state(std::int64_t study_id, const opt::SavedState& state) override;

 private:
  struct Study {
    StudyRecord record;
    std::vector<TrialRecord> trials;       // index == number
    std::vector<std::int64_t> prior_ids;   // trial ids
    std::int64_t last_finish_seq = 0;
    std::optional<opt::SavedState> optimizer_state;
  };
  Study& study_locked(std::int64_t study_id);
  StudySummary summarize_locked(const Study& study) const;
  const TrialRecord& trial_by_id_locked(std::int64_t trial_id) const;

  std::mutex mutex_;
  std::map<std::int64_t, Study> studies_;
  std::map<std::int64_t, std::pair<std::int64_t, int>> trial_index_;  // id -> (study id, number)
  std::int64_t next_study_id_ = 1;
  std::int64_t next_trial_id_ = 1;
};

}  // namespace archex::explore
