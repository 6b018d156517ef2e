#pragma once
// The trial store: where studies and their trials live.
//
// Contract (every implementation; tests/explorer/trial_store_conformance_test.cpp
// checks it against each one):
//  - Thread safety: every method may be called from any thread; calls are
//    serialised inside the store. Several stores (processes) may share one
//    database when the implementation says so (the SQLite store does).
//  - Atomicity: each method is one transaction; a crash leaves either all of
//    its effect or none.
//  - Trial numbers are 0, 1, 2, ... within a study, unique, never reused, and
//    never exceed the study's target: claim_trials() creates a trial only while
//    (trials created) < target_trials.
//  - Ownership: a running trial belongs to the Owner that claimed it. Only that
//    owner finishes it (finish_trial() from anyone else is refused). Another
//    owner may take it over (reclaim) only when it is stale: released (no
//    owner), its heartbeat is older than the stale limit, or its owner runs on
//    this host and its process is gone. A reclaimed trial keeps its number and
//    point and is run again.
//  - Finished trials (complete / infeasible / failed) are immutable.
//  - Priors are links to other studies' finished trials; they are never trials
//    of the linking study and never count towards its target.
//  - Optimizer state: at most one saved state per study (an incremental
//    optimizer's model, see optimizers/optimizer.h), replaced atomically; a
//    state fitted on fewer trials never replaces one fitted on more.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "explorer/trial.h"
#include "optimizers/optimizer.h"

namespace archex::explore {

// What claim_trials() hands the proposer when new trials are to be created.
struct ClaimContext {
  int first_number = 0;  // the new trials get first_number, first_number + 1, ...
  int count = 0;         // how many points to propose
  // Trials finished since the caller's cursor, in finish order (metrics_json
  // only on infeasible trials).
  std::span<const TrialRecord> newly_finished;
  // Every running trial of the study (any owner), including ones just reclaimed.
  std::span<const TrialRecord> running;
};
// Returns exactly ctx.count trials. May throw; the claim is then rolled back.
using ProposeFn = std::function<std::vector<NewTrial>(const ClaimContext& ctx)>;

struct ClaimRequest {
  std::int64_t study_id = 0;
  Owner owner;
  int max_count = 1;  // at most this many trials (reclaimed first, then new)
  std::chrono::milliseconds stale_after{60'000};
  std::int64_t finished_after_seq = 0;  // the caller's cursor into finish order
  // Batch mode: create new trials only when no trial of the study is running
  // (none reclaimed now, none held elsewhere), so a batch is always proposed
  // from a history in which every earlier trial has finished.
  bool create_only_when_idle = false;
};

struct ClaimResult {
  std::vector<TrialRecord> claimed;         // reclaimed + new, now owned by the caller
  // As given to the proposer: metrics_json only on infeasible trials (an
  // over-budget design's metrics still give its objective), empty otherwise.
  std::vector<TrialRecord> newly_finished;
  std::int64_t finished_seq = 0;            // new cursor: the last finish_seq seen
  int target_trials = 0;
  int created = 0;                          // trials the study has, any state
  int running_elsewhere = 0;                // running trials this owner does not hold
};

class TrialStore {
 public:
  virtual ~TrialStore() = default;

  // Where the data lives, for messages ("archex.db", ":memory:").
  virtual std::string location() const = 0;

  // Creates the study, or returns the one stored under that name unchanged
  // (second = true when created). Throws StoreError for an unknown prior study.
  virtual std::pair<StudyRecord, bool> create_or_get_study(const NewStudy& study) = 0;
  virtual std::optional<StudyRecord> find_study(std::string_view name) = 0;
  // Like find_study(), but throws StoreError listing the known studies.
  StudyRecord get_study(std::string_view name);
  // All studies, by name, with trial counts and best value.
  virtual std::vector<StudySummary> list_studies() = 0;
  virtual StudySummary summarize(std::int64_t study_id) = 0;
  virtual void set_target_and_jobs(std::int64_t study_id, int target_trials, int jobs) = 0;

  // Re-claims stale running trials, then creates new ones, up to
  // request.max_count, with the points `propose` gives. An implementation
  // shared between processes may call `propose` outside its lock and then
  // insert at the next free numbers (fewer when the target is reached
  // meanwhile); in batch mode (create_only_when_idle) it calls `propose` again
  // instead when other trials were created meanwhile. A sequential run sees no
  // difference.
  virtual ClaimResult claim_trials(const ClaimRequest& request, const ProposeFn& propose) = 0;
  // Records the result of a running trial the owner holds. Returns false (and
  // changes nothing) when the trial is not running or is held by someone else.
  virtual bool finish_trial(std::int64_t trial_id, const Owner& owner, const TrialResult& result) = 0;
  // Refreshes the heartbeat of the owner's running trials in the study.
  virtual void heartbeat(std::int64_t study_id, const Owner& owner) = 0;
  // Gives up the owner's running trials (e.g. on Ctrl-C): they stay running,
  // ownerless, and the next claim re-runs them. Returns how many.
  virtual int release_trials(std::int64_t study_id, const Owner& owner) = 0;

  // Every trial of the study, by number, with metrics.
  virtual std::vector<TrialRecord> trials(std::int64_t study_id) = 0;
  virtual std::vector<PriorTrial> prior_trials(std::int64_t study_id) = 0;

  // The study's saved optimizer state, if any.
  virtual std::optional<opt::SavedState> load_optimizer_state(std::int64_t study_id) = 0;
  // Stores `state` unless the saved one was fitted on more trials.
  virtual void save_optimizer_state(std::int64_t study_id, const opt::SavedState& state) = 0;
};

// Whether `running` may be reclaimed by `me`, given the staleness cut-off
// timestamp (now - stale_after, iso format). Shared by every implementation.
bool is_stale(const TrialRecord& running, const Owner& me, std::string_view stale_before);
// Throws StoreError unless the result is a finished state with a value exactly
// when complete.
void check_trial_result(const TrialResult& result);

// How many new trials a claim creates: what max_count leaves after the
// reclaimed ones, capped by the target; none in batch mode while any trial of
// the study (`running`, before the claim) is still running. Shared by every
// implementation.
int new_trial_count(const ClaimRequest& request, int reclaimed, std::size_t running, int target, int created);

}  // namespace archex::explore
