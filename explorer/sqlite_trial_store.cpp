#include "explorer/sqlite_trial_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <thread>

#include "explorer/clock.h"
#include "explorer/database_file.h"
#include "explorer/errors.h"
#include "explorer/sqlite_db.h"
#include "explorer/sqlite_schema.h"

namespace archex::explore {
namespace {

// The column list of every trial query; read_trial() reads it by index.
// `metrics` is what stands in the metrics column (the search loop needs them
// only for infeasible trials, or not at all); `v2`: the file has schema
// version 2's columns (a version-1 file opened read-only has not, and is read
// without them); `constraints`: whether the constraint results are read.
std::string trial_columns(bool v2, const char* metrics, bool constraints) {
  return std::string("t.id, t.study_id, t.number, t.state, t.point, t.params, t.proposer, t.value, ") + metrics +
         ", t.reason, t.cached, t.attempts, t.started_at, t.finished_at, t.heartbeat_at, t.owner_host, "
         "t.owner_pid, t.owner_token, t.finish_seq, " +
         (v2 ? "t.objective_values, " : "NULL, ") + (v2 && constraints ? "t.constraint_results" : "''");
}

TrialRecord read_trial(const SqliteQuery& q, int first = 0) {
  TrialRecord t;
  t.id = q.integer(first + 0);
  t.study_id = q.integer(first + 1);
  t.number = static_cast<int>(q.integer(first + 2));
  t.state = trial_state_from_string(q.text(first + 3));
  t.point = decode_point(q.text(first + 4));
  t.params_json = q.text(first + 5);
  t.proposer = q.text(first + 6);
  t.value = q.optional_real(first + 7);
  t.metrics_json = q.text(first + 8);
  t.reason = q.text(first + 9);
  t.cached = q.integer(first + 10) != 0;
  t.attempts = static_cast<int>(q.integer(first + 11));
  t.started_at = q.text(first + 12);
  t.finished_at = q.text(first + 13);
  t.heartbeat_at = q.text(first + 14);
  t.owner.host = q.text(first + 15);
  t.owner.pid = q.integer(first + 16);
  t.owner.token = q.text(first + 17);
  t.finish_seq = q.integer(first + 18);
  t.values = decode_values(q.text(first + 19));
  // Trials written before objective values were stored: the one value.
  if (t.values.empty() && t.value) t.values = {*t.value};
  t.constraints_json = q.text(first + 20);
  return t;
}

constexpr const char* kStudyColumns =
    "id, name, spec, direction, target_trials, jobs, context, created_at";

StudyRecord read_study(const SqliteQuery& q) {
  StudyRecord s;
  s.id = q.integer(0);
  s.name = q.text(1);
  s.spec_json = q.text(2);
  s.direction = direction_from_string(q.text(3));
  s.target_trials = static_cast<int>(q.integer(4));
  s.jobs = static_cast<int>(q.integer(5));
  s.context_json = q.text(6);
  s.created_at = q.text(7);
  return s;
}

// Waits for another connection's write lock in short, jittered sleeps.
// SQLite's own busy_timeout handler backs off to 100 ms sleeps: a peer that
// commits every few microseconds takes the lock back each time, and the
// waiting process starves.
int wait_for_lock(void* context, int attempt) {
  using Clock = std::chrono::steady_clock;
  auto& wait = *static_cast<SqliteTrialStore::LockWait*>(context);
  thread_local Clock::time_point started;
  thread_local std::minstd_rand jitter(std::random_device{}());
  if (attempt == 0) started = Clock::now();
  if (Clock::now() - started > std::chrono::milliseconds(wait.timeout_ms)) return 0;
  const auto pause = std::chrono::microseconds(std::uniform_int_distribution<int>(20, 400)(jitter));
  // Count the time actually slept: on a loaded machine a sleep overruns the
  // pause asked for, and summing the pauses under-counted the wait.
  const auto before = Clock::now();
  std::this_thread::sleep_for(pause);
  wait.waited_us += std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - before).count();
  return 1;
}

// "file:" URI of a path (RFC 3986 escapes for what SQLite's URI parser reads specially).
std::string file_uri(const std::string& path, const char* query) {
  std::string uri = "file:";
  for (const char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(c));
      uri += escaped;
    } else {
      uri += c;
    }
  }
  return uri + "?" + query;
}

// A read-only open by someone who does not own the file must create nothing
// beside it: SQLite would make the -wal and -shm files this process's own, and
// the owner could then no longer write to the database. With the owner's
// -wal and -shm there (a run in progress) they are read through; without
// them, every commit is in the file, which is read as it is (immutable).
std::unique_ptr<SqliteDatabase> open_for_reading_others_file(const std::string& name) {
  std::error_code ec;
  const bool owner_files = std::filesystem::exists(name + "-wal", ec) && std::filesystem::exists(name + "-shm", ec);
  return std::make_unique<SqliteDatabase>(file_uri(name, owner_files ? "mode=ro" : "mode=ro&immutable=1"),
                                          SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, name);
}

bool owned_by_someone_else(const std::string& name) {
  struct stat st {};
  return ::stat(name.c_str(), &st) == 0 && st.st_uid != ::geteuid();
}

}  // namespace

SqliteTrialStore::SqliteTrialStore(const std::filesystem::path& file, const SqliteStoreOptions& options)
    : file_(file) {
  const std::string name = file.string();
  const DatabaseFileInfo info = inspect_database_file(file);
  if (info.kind != DatabaseFileKind::kArchex) {
    if (options.read_only || !options.create)
      throw StoreError(name + (info.kind == DatabaseFileKind::kMissing ? " does not exist"
                                                                       : " is empty (no studies yet)") +
                       " (run `archex run` to create a study, or pass --db FILE)");
    create_database_file(file, info.kind == DatabaseFileKind::kEmpty);
  } else if (!options.read_only) {
    remove_abandoned_temporaries(file);
  }
  // Read-only mode still opens one's own file read-write (without ever
  // writing: query_only), so that closing removes the WAL side files instead
  // of leaving them behind.
  if (options.read_only && owned_by_someone_else(name))
    db_ = open_for_reading_others_file(name);
  else
    db_ = std::make_unique<SqliteDatabase>(name, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, name);
  lock_wait_.timeout_ms = options.busy_timeout.count();
  sqlite3_busy_handler(db_->handle(), wait_for_lock, &lock_wait_);
  if (!options.read_only && sqlite3_db_readonly(db_->handle(), "main") == 1)
    throw StoreError(name + " is read-only (no write permission)");
  // The header check above ran without locks; these are authoritative.
  int application_id = 0, version = 0;
  {
    auto q = db_->query("PRAGMA application_id");
    if (q.step()) application_id = static_cast<int>(q.integer(0));
  }
  {
    auto q = db_->query("PRAGMA user_version");
    if (q.step()) version = static_cast<int>(q.integer(0));
  }
  if (static_cast<std::uint32_t>(application_id) != kArchexApplicationId || version > kSchemaVersion) {
    db_.reset();
    inspect_database_file(file);  // throws the precise message
    throw StoreError(name + " is not an archex database this build can open; it was left as it is");
  }
  // Checked before anything is written: a damaged file is refused untouched.
  if (version == kSchemaVersion) check_schema(*db_);
  bool v2 = true;  // the file has schema version 2's columns (after any upgrade below)
  if (options.read_only) {
    // An older file is read as it is (its missing columns read as empty).
    if (version != kSchemaVersion) check_schema(*db_);
    v2 = version >= 2;
    has_optimizer_states_ = version >= 3;
    db_->exec("PRAGMA query_only = ON");
  } else {
    if (version != kSchemaVersion) {
      migrate_schema(*db_, version);
      check_schema(*db_);
      upgraded_from_ = version;
    }
    db_->exec("PRAGMA journal_mode = WAL");
    db_->exec(options.synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
  }
  db_->exec("PRAGMA foreign_keys = ON");
  columns_ = {trial_columns(v2, "t.metrics", true), trial_columns(v2, "''", false),
              trial_columns(v2, "CASE WHEN t.state = 'infeasible' THEN t.metrics ELSE '' END", false)};
}

SqliteTrialStore::~SqliteTrialStore() = default;

std::string SqliteTrialStore::location() const { return file_.string(); }

std::optional<StudyRecord> SqliteTrialStore::find_study_locked(std::string_view name) {
  auto q = db_->query(std::string("SELECT ") + kStudyColumns + " FROM studies WHERE name = ?");
  q.bind(1, name);
  if (!q.step()) return std::nullopt;
  return read_study(q);
}

std::optional<StudyRecord> SqliteTrialStore::find_study(std::string_view name) {
  std::lock_guard lock(mutex_);
  return find_study_locked(name);
}

std::pair<StudyRecord, bool> SqliteTrialStore::create_or_get_study(const NewStudy& study) {
  std::lock_guard lock(mutex_);
  SqliteTransaction tx(*db_);
  if (auto existing = find_study_locked(study.name)) return {*existing, false};
  std::vector<std::int64_t> prior_ids;
  for (const auto& prior : study.prior_studies) {
    auto found = find_study_locked(prior);
    if (!found) throw StoreError("prior study '" + prior + "' not found in " + location());
    prior_ids.push_back(found->id);
  }
  StudyRecord record = make_study_record(study, iso_now());
  db_->query("INSERT INTO studies (name, spec, direction, target_trials, jobs, context, created_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, record.name)
      .bind(2, record.spec_json)
      .bind(3, to_string(record.direction))
      .bind(4, record.target_trials)
      .bind(5, record.jobs)
      .bind(6, record.context_json)
      .bind(7, record.created_at)
      .run();
  record.id = sqlite3_last_insert_rowid(db_->handle());
  for (auto prior_id : prior_ids)
    db_->query("INSERT OR IGNORE INTO study_priors (study_id, trial_id) SELECT ?, id FROM trials "
               "WHERE study_id = ? AND state IN ('complete', 'infeasible') AND metrics IS NOT NULL")
        .bind(1, record.id)
        .bind(2, prior_id)
        .run();
  tx.commit();
  return {record, true};
}

StudySummary SqliteTrialStore::summarize_locked(const StudyRecord& study) {
  StudySummary summary;
  summary.study = study;
  {
    auto q = db_->query("SELECT state, COUNT(*) FROM trials WHERE study_id = ? GROUP BY state");
    q.bind(1, study.id);
    while (q.step()) {
      summary.counts.add(trial_state_from_string(q.text(0)), static_cast<int>(q.integer(1)));
    }
  }
  {
    auto q = db_->query(study.direction == Direction::kMinimize
                            ? "SELECT MIN(value) FROM trials WHERE study_id = ? AND state = 'complete'"
                            : "SELECT MAX(value) FROM trials WHERE study_id = ? AND state = 'complete'");
    q.bind(1, study.id);
    if (q.step()) summary.best_value = q.optional_real(0);
  }
  {
    auto q = db_->query("SELECT COUNT(*) FROM study_priors WHERE study_id = ?");
    q.bind(1, study.id);
    if (q.step()) summary.prior_count = static_cast<int>(q.integer(0));
  }
  return summary;
}

std::vector<StudySummary> SqliteTrialStore::list_studies() {
  std::lock_guard lock(mutex_);
  std::vector<StudyRecord> studies;
  {
    auto q = db_->query(std::string("SELECT ") + kStudyColumns + " FROM studies ORDER BY name");
    while (q.step()) studies.push_back(read_study(q));
  }
  std::vector<StudySummary> summaries;
  for (const auto& study : studies) summaries.push_back(summarize_locked(study));
  return summaries;
}

StudySummary SqliteTrialStore::summarize(std::int64_t study_id) {
  std::lock_guard lock(mutex_);
  auto q = db_->query(std::string("SELECT ") + kStudyColumns + " FROM studies WHERE id = ?");
  q.bind(1, study_id);
  if (!q.step()) throw StoreError("no study with id " + std::to_string(study_id) + " in " + location());
  StudyRecord study = read_study(q);
  return summarize_locked(study);
}

void SqliteTrialStore::set_target_and_jobs(std::int64_t study_id, int target_trials, int jobs) {
  std::lock_guard lock(mutex_);
  SqliteTransaction tx(*db_);
  db_->query("UPDATE studies SET target_trials = ?, jobs = ? WHERE id = ?")
      .bind(1, target_trials)
      .bind(2, jobs)
      .bind(3, study_id)
      .run();
  tx.commit();
}

int SqliteTrialStore::delete_study(std::string_view name, bool even_if_running) {
  get_study(name);  // an unknown name: StudyNotFound naming the studies there are
  std::lock_guard lock(mutex_);
  SqliteTransaction tx(*db_);
  const auto study = find_study_locked(name);
  if (!study) throw StudyNotFound("study " + std::string(name) + " was deleted meanwhile in " + location());
  std::string dependents;
  {
    auto q = db_->query(
        "SELECT DISTINCT s.name FROM study_priors p JOIN trials t ON t.id = p.trial_id "
        "JOIN studies s ON s.id = p.study_id WHERE t.study_id = ?1 AND p.study_id <> ?1 ORDER BY s.name");
    q.bind(1, study->id);
    while (q.step()) {
      if (!dependents.empty()) dependents += ", ";
      dependents += q.text(0);
    }
  }
  if (!dependents.empty())
    throw StoreError("study " + study->name + " warm-starts " + dependents + " (--prior); delete those first");
  if (!even_if_running) {
    auto q = db_->query("SELECT COUNT(*) FROM trials WHERE study_id = ? AND state = 'running'");
    q.bind(1, study->id);
    q.step();
    if (const auto running = q.integer(0); running > 0)
      throw StoreError("study " + study->name + " has " + std::to_string(running) +
                       " running trials (is it running elsewhere?); stop it first");
  }
  int trials = 0;
  {
    auto q = db_->query("SELECT COUNT(*) FROM trials WHERE study_id = ?");
    q.bind(1, study->id);
    q.step();
    trials = static_cast<int>(q.integer(0));
  }
  db_->query("DELETE FROM optimizer_states WHERE study_id = ?").bind(1, study->id).run();
  db_->query("DELETE FROM study_priors WHERE study_id = ?").bind(1, study->id).run();
  db_->query("DELETE FROM trials WHERE study_id = ?").bind(1, study->id).run();
  db_->query("DELETE FROM studies WHERE id = ?").bind(1, study->id).run();
  tx.commit();
  return trials;
}

ClaimResult SqliteTrialStore::claim_trials(const ClaimRequest& request, const ProposeFn& propose) {
  // Optimistic: read and reclaim in one short transaction, let the optimizer
  // propose with no lock held (a model fit may take seconds, and other
  // processes and engines keep committing meanwhile), then insert in a second
  // transaction if nobody created trials in between. When someone did, the
  // proposals take the next free numbers (a timing-dependent run anyway),
  // except in batch mode, where they are proposed again from the new history
  // so that a batch always sees every earlier trial finished.
  ClaimResult result;
  for (;;) {
    int created = 0, count = 0;
    std::vector<TrialRecord> running;
    {
      std::lock_guard lock(mutex_);
      SqliteTransaction tx(*db_);
      {
        auto q = db_->query("SELECT target_trials FROM studies WHERE id = ?");
        q.bind(1, request.study_id);
        if (!q.step())
          throw StoreError("no study with id " + std::to_string(request.study_id) + " in " + location());
        result.target_trials = static_cast<int>(q.integer(0));
      }
      const auto now = std::chrono::system_clock::now();
      const std::string now_text = iso_timestamp(now);
      const std::string stale_before = iso_timestamp(now - request.stale_after);
      {
        // No ORDER BY: SQLite would walk the (study, number) index to avoid a
        // sort, reading every trial of the study; trials_by_state finds the few
        // running ones directly.
        auto q = db_->query("SELECT " + columns_.light +
                            " FROM trials t INDEXED BY trials_by_state WHERE t.study_id = ? AND t.state = 'running'");
        q.bind(1, request.study_id);
        while (q.step()) running.push_back(read_trial(q));
      }
      std::sort(running.begin(), running.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
      for (auto& trial : running) {
        if (static_cast<int>(result.claimed.size()) >= request.max_count) break;
        if (!is_stale(trial, request.owner, stale_before)) continue;
        db_->query("UPDATE trials SET owner_host = ?, owner_pid = ?, owner_token = ?, heartbeat_at = ?, "
                   "attempts = attempts + 1 WHERE id = ?")
            .bind(1, request.owner.host)
            .bind(2, request.owner.pid)
            .bind(3, request.owner.token)
            .bind(4, now_text)
            .bind(5, trial.id)
            .run();
        trial.owner = request.owner;
        trial.heartbeat_at = now_text;
        ++trial.attempts;
        result.claimed.push_back(trial);
      }
      created = next_number_locked(request.study_id);
      result.newly_finished.clear();
      {
        auto q = db_->query("SELECT " + columns_.finished +
                            " FROM trials t WHERE t.study_id = ? AND t.finish_seq > ? ORDER BY t.finish_seq");
        q.bind(1, request.study_id).bind(2, request.finished_after_seq);
        while (q.step()) result.newly_finished.push_back(read_trial(q));
      }
      result.finished_seq =
          result.newly_finished.empty() ? request.finished_after_seq : result.newly_finished.back().finish_seq;
      count = new_trial_count(request, static_cast<int>(result.claimed.size()), running.size(), result.target_trials,
                              created);
      result.created = created;
      result.running_elsewhere = 0;
      for (const auto& trial : running)
        if (trial.owner.token != request.owner.token) ++result.running_elsewhere;
      tx.commit();
    }
    if (count == 0) return result;

    // The proposal, outside every lock.
    ClaimContext context{created, count, result.newly_finished, running};
    std::vector<NewTrial> proposals = propose(context);
    if (static_cast<int>(proposals.size()) != count)
      throw ExploreError("the proposer returned " + std::to_string(proposals.size()) + " points, " +
                         std::to_string(count) + " were asked for");

    std::lock_guard lock(mutex_);
    SqliteTransaction tx(*db_);
    int target = result.target_trials;
    {
      auto q = db_->query("SELECT target_trials FROM studies WHERE id = ?");
      q.bind(1, request.study_id);
      if (q.step()) target = static_cast<int>(q.integer(0));
    }
    const int first = next_number_locked(request.study_id);
    if (first != created && request.create_only_when_idle) continue;  // rolled back; propose again
    const int insert = std::max(0, std::min(count, target - first));
    const std::string now_text = iso_now();
    for (int i = 0; i < insert; ++i) {
      TrialRecord trial =
          make_running_trial(request.study_id, first + i, std::move(proposals[i]), request.owner, now_text);
      db_->query("INSERT INTO trials (study_id, number, state, point, params, proposer, started_at, "
                 "heartbeat_at, owner_host, owner_pid, owner_token) "
                 "VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)")
          .bind(1, trial.study_id)
          .bind(2, trial.number)
          .bind(3, encode_point(trial.point))
          .bind(4, trial.params_json)
          .bind(5, trial.proposer)
          .bind(6, now_text)
          .bind(7, now_text)
          .bind(8, request.owner.host)
          .bind(9, request.owner.pid)
          .bind(10, request.owner.token)
          .run();
      trial.id = sqlite3_last_insert_rowid(db_->handle());
      result.claimed.push_back(std::move(trial));
    }
    result.target_trials = target;
    result.created = first + insert;
    tx.commit();
    return result;
  }
}

int SqliteTrialStore::next_number_locked(std::int64_t study_id) {
  auto q = db_->query("SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study_id = ?");
  q.bind(1, study_id);
  q.step();
  return static_cast<int>(q.integer(0));
}

bool SqliteTrialStore::finish_trial(std::int64_t trial_id, const Owner& owner, const TrialResult& result) {
  check_trial_result(result);
  std::lock_guard lock(mutex_);
  SqliteTransaction tx(*db_);
  auto q = db_->query(
      "UPDATE trials SET state = ?, value = ?, metrics = ?, reason = ?, cached = ?, finished_at = ?, "
      "objective_values = ?, constraint_results = ?, heartbeat_at = NULL, finish_seq = (SELECT COALESCE(MAX(f.finish_seq), 0) + 1 FROM trials f "
      "WHERE f.study_id = trials.study_id) "
      "WHERE id = ? AND state = 'running' AND owner_token = ?");
  q.bind(1, to_string(result.state)).bind(2, result.value);
  if (result.metrics_json.empty())
    q.bind_null(3);
  else
    q.bind(3, result.metrics_json);
  if (result.reason.empty())
    q.bind_null(4);
  else
    q.bind(4, result.reason);
  q.bind(5, result.cached ? 1 : 0).bind(6, iso_now());
  if (result.values.empty())
    q.bind_null(7);
  else
    q.bind(7, encode_values(result.values));
  if (result.constraints_json.empty())
    q.bind_null(8);
  else
    q.bind(8, result.constraints_json);
  q.bind(9, trial_id).bind(10, owner.token);
  q.run();
  const bool changed = sqlite3_changes(db_->handle()) == 1;
  tx.commit();
  return changed;
}

void SqliteTrialStore::heartbeat(std::int64_t study_id, const Owner& owner) {
  std::lock_guard lock(mutex_);
  SqliteTransaction tx(*db_);
  db_->query("UPDATE trials SET heartbeat_at = ? WHERE study_id = ? AND state = 'running' AND owner_token = ?")
      .bind(1, iso_now())
      .bind(2, study_id)
      .bind(3, owner.token)
      .run();
  tx.commit();
}

int SqliteTrialStore::release_trials(std::int64_t study_id, const Owner& owner) {
  std::lock_guard lock(mutex_);
  SqliteTransaction tx(*db_);
  db_->query("UPDATE trials SET owner_host = NULL, owner_pid = NULL, owner_token = NULL, heartbeat_at = NULL "
             "WHERE study_id = ? AND state = 'running' AND owner_token = ?")
      .bind(1, study_id)
      .bind(2, owner.token)
      .run();
  const int released = sqlite3_changes(db_->handle());
  tx.commit();
  return released;
}

std::vector<TrialRecord> SqliteTrialStore::trials(std::int64_t study_id) {
  std::lock_guard lock(mutex_);
  std::vector<TrialRecord> trials;
  auto q = db_->query("SELECT " + columns_.full +
                      " FROM trials t WHERE t.study_id = ? ORDER BY t.number");
  q.bind(1, study_id);
  while (q.step()) trials.push_back(read_trial(q));
  return trials;
}

std::vector<PriorTrial> SqliteTrialStore::prior_trials(std::int64_t study_id) {
  std::lock_guard lock(mutex_);
  std::vector<PriorTrial> priors;
  auto q = db_->query("SELECT s.name, " + columns_.full +
                      " FROM study_priors p JOIN trials t ON t.id = p.trial_id "
                      "JOIN studies s ON s.id = t.study_id WHERE p.study_id = ? ORDER BY s.name, t.number");
  q.bind(1, study_id);
  while (q.step()) priors.push_back({q.text(0), read_trial(q, 1)});
  return priors;
}

std::optional<opt::SavedState> SqliteTrialStore::load_optimizer_state(std::int64_t study_id) {
  std::lock_guard lock(mutex_);
  if (!has_optimizer_states_) return std::nullopt;
  auto q = db_->query("SELECT trials, state FROM optimizer_states WHERE study_id = ?");
  q.bind(1, study_id);
  if (!q.step()) return std::nullopt;
  return opt::SavedState{static_cast<int>(q.integer(0)), q.blob(1)};
}

void SqliteTrialStore::save_optimizer_state(std::int64_t study_id, const opt::SavedState& state) {
  std::lock_guard lock(mutex_);
  SqliteTransaction tx(*db_);
  db_->query(
         "INSERT INTO optimizer_states (study_id, trials, state, saved_at) VALUES (?1, ?2, ?3, ?4) "
         "ON CONFLICT (study_id) DO UPDATE SET trials = excluded.trials, state = excluded.state, "
         "saved_at = excluded.saved_at WHERE excluded.trials >= optimizer_states.trials")
      .bind(1, study_id)
      .bind(2, state.trials)
      .bind_blob(3, state.data)
      .bind(4, iso_now())
      .run();
  if (save_state_test_hook) save_state_test_hook();
  tx.commit();
}

}  // namespace archex::explore
