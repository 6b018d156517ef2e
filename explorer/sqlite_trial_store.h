#pragma once
// The trial store in an SQLite file (default archex.db), readable with plain
// `sqlite3`; tables in docs/database.md.
//
// Durability: WAL journal with synchronous=NORMAL — a committed trial survives
// kill -9 of any process at any moment (the commit is in the OS before
// COMMIT returns); after a power loss the last few commits may be lost but the
// file stays consistent. `synchronous_full` trades speed for power-loss safety.
//
// Sharing: any number of processes may open one file; writes take SQLite's
// write lock with BEGIN IMMEDIATE and wait up to busy_timeout for it. Within a
// process, one store instance serialises its calls with a mutex.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>

#include "explorer/trial_store.h"

namespace archex::explore {

class SqliteDatabase;

// Tests only: called inside save_optimizer_state()'s transaction, before the
// commit (a test kills the process there).
inline void (*save_state_test_hook)() = nullptr;

struct SqliteStoreOptions {
  // Create the file (and schema) if it does not exist.
  bool create = true;
  // Never write (list / show / export). The file must exist.
  bool read_only = false;
  // How long a write waits for another process's write lock before failing.
  std::chrono::milliseconds busy_timeout{30'000};
  // PRAGMA synchronous=FULL: fsync on every commit (survives power loss; slower).
  bool synchronous_full = false;
};

class SqliteTrialStore : public TrialStore {
 public:
  // Refuses (StoreError, file untouched) a file that is not an archex
  // database, one of a newer schema, or a missing file unless options.create.
  explicit SqliteTrialStore(const std::filesystem::path& file, const SqliteStoreOptions& options = {});
  ~SqliteTrialStore() override;

  std::string location() const override;
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

  // Removes a study and its trials in one transaction; returns how many
  // trials went. Refuses (StoreError, nothing changed) a study whose trials
  // warm-start another study (naming those), or that has running trials
  // unless `even_if_running` (their process is gone, or will find its study gone).
  int delete_study(std::string_view name, bool even_if_running);
  // How long this store's writes waited for other connections' write locks
  // (e.g. another process's transactions) since it was opened.
  std::chrono::microseconds lock_wait() const { return std::chrono::microseconds(lock_wait_.waited_us.load()); }
  // The busy handler's state.
  struct LockWait {
    std::int64_t timeout_ms = 0;
    std::atomic<std::int64_t> waited_us{0};
  };

  // The schema version this open upgraded the file from (for a one-line
  // notice), or none when it was current.
  std::optional<int> upgraded_from() const { return upgraded_from_; }

 private:
  std::optional<StudyRecord> find_study_locked(std::string_view name);
  StudySummary summarize_locked(const StudyRecord& study);
  int next_number_locked(std::int64_t study_id);  // MAX(number) + 1

  std::filesystem::path file_;
  std::unique_ptr<SqliteDatabase> db_;
  LockWait lock_wait_;
  // Column lists of the trial queries for this file's schema (read_trial() order):
  // everything; without metrics (the search loop); metrics of infeasible trials only.
  struct {
    std::string full, light, finished;
  } columns_;
  std::optional<int> upgraded_from_;
  bool has_optimizer_states_ = true;  // false: an older file opened read-only
  std::mutex mutex_;
};

}  // namespace archex::explore
