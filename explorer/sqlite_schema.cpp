#include "explorer/sqlite_schema.h"

#include <iterator>
#include <set>

#include "explorer/errors.h"
#include "explorer/sqlite_db.h"

namespace archex::explore {
namespace {

constexpr const char* kTablesV1 = R"sql(
CREATE TABLE studies (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  spec          TEXT NOT NULL,
  direction     TEXT NOT NULL CHECK (direction IN ('minimize', 'maximize')),
  target_trials INTEGER NOT NULL CHECK (target_trials >= 0),
  jobs          INTEGER NOT NULL DEFAULT 1 CHECK (jobs >= 1),
  context       TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE TABLE trials (
  id           INTEGER PRIMARY KEY,
  study_id     INTEGER NOT NULL REFERENCES studies(id),
  number       INTEGER NOT NULL CHECK (number >= 0),
  state        TEXT NOT NULL CHECK (state IN ('running', 'complete', 'infeasible', 'failed')),
  point        TEXT NOT NULL,
  params       TEXT NOT NULL,
  proposer     TEXT NOT NULL,
  value        REAL,
  metrics      TEXT,
  reason       TEXT,
  cached       INTEGER NOT NULL DEFAULT 0,
  attempts     INTEGER NOT NULL DEFAULT 1,
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  heartbeat_at TEXT,
  owner_host   TEXT,
  owner_pid    INTEGER,
  owner_token  TEXT,
  finish_seq   INTEGER,
  UNIQUE (study_id, number),
  CHECK ((state = 'running') = (finish_seq IS NULL)),
  CHECK (state <> 'complete' OR value IS NOT NULL)
);
CREATE UNIQUE INDEX trials_by_finish ON trials (study_id, finish_seq);
CREATE INDEX trials_by_state ON trials (study_id, state);
CREATE TABLE study_priors (
  study_id INTEGER NOT NULL REFERENCES studies(id),
  trial_id INTEGER NOT NULL REFERENCES trials(id),
  PRIMARY KEY (study_id, trial_id)
) WITHOUT ROWID;
)sql";

// Each step brings version i + 1 to i + 2; a new database runs them all after
// kTablesV1, so old and new files end up with the same tables.
constexpr const char* kMigrations[] = {
    // 1 -> 2: objective values (a JSON list, one per objective; null on
    // trials written before: their one value is `value`) and constraint results.
    R"sql(
ALTER TABLE trials ADD COLUMN objective_values TEXT;
ALTER TABLE trials ADD COLUMN constraint_results TEXT;
)sql",
    // 2 -> 3: the saved state of an incremental optimizer (one row per study:
    // the latest), tagged with how many of the study's trials it was fitted on.
    R"sql(
CREATE TABLE optimizer_states (
  study_id INTEGER PRIMARY KEY REFERENCES studies(id),
  trials   INTEGER NOT NULL CHECK (trials >= 0),
  state    BLOB NOT NULL,
  saved_at TEXT NOT NULL
);
)sql",
};
static_assert(std::size(kMigrations) == kSchemaVersion - 1);

void run_migrations(SqliteDatabase& db, int from_version) {
  for (int version = from_version; version < kSchemaVersion; ++version) db.exec(kMigrations[version - 1]);
}

}  // namespace

void create_schema(SqliteDatabase& db) {
  db.exec("BEGIN IMMEDIATE");
  db.exec(kTablesV1);
  run_migrations(db, 1);
  db.exec("PRAGMA application_id = " + std::to_string(kArchexApplicationId));
  db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
  db.exec("COMMIT");
}

void migrate_schema(SqliteDatabase& db, int from_version) {
  if (from_version == kSchemaVersion) return;
  if (from_version < 1 || from_version > kSchemaVersion)
    throw StoreError(db.location() + " has archex schema version " + std::to_string(from_version) +
                     ", which this archex cannot upgrade (it knows version " + std::to_string(kSchemaVersion) + ")");
  check_schema(db);
  db.exec("BEGIN IMMEDIATE");
  try {
    // Another process may have upgraded it since the version was read.
    int current = 0;
    {
      auto q = db.query("PRAGMA user_version");
      if (q.step()) current = static_cast<int>(q.integer(0));
    }
    if (current < kSchemaVersion) {
      run_migrations(db, current);
      if (migration_test_hook) migration_test_hook();
      db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    }
    db.exec("COMMIT");
  } catch (...) {
    db.exec("ROLLBACK");
    throw;
  }
}

void check_schema(SqliteDatabase& db) {
  std::set<std::string> tables;
  auto query = db.query("SELECT name FROM sqlite_master WHERE type = 'table'");
  while (query.step()) tables.insert(query.text(0));
  for (const char* table : {"studies", "trials", "study_priors"})
    if (!tables.count(table))
      throw StoreError(db.location() + " has no '" + table +
                       "' table: it is marked as an archex database but is incomplete or damaged");
}

}  // namespace archex::explore
