// The SQLite store as a file: which files it opens, refuses and leaves alone,
// its schema as plain `sqlite3` sees it, and the v1 fixture.

#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "explorer/errors.h"
#include "explorer/sqlite_schema.h"
#include "explorer/sqlite_trial_store.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

using testing::list_files;
using testing::read_bytes;
using testing::TempDir;

void write_file(const std::filesystem::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary);
  out << bytes;
}

// Runs SQL through the plain SQLite API, as a user's `sqlite3` would.
void raw_exec(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

std::vector<std::vector<std::string>> raw_query(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  std::vector<std::vector<std::string>> rows;
  // Read-write (without writing), so that closing removes the WAL side files.
  EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const auto* text = sqlite3_column_text(stmt, i);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
    rows.push_back(row);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

// Creates a database with one study of three finished trials and closes it.
void make_database(const std::filesystem::path& file) {
  SqliteTrialStore store(file);
  auto study = store.create_or_get_study({"s", "{}", Direction::kMinimize, 3, 1, "{}", {}}).first;
  const Owner me = Owner::current();
  auto claim = store.claim_trials({study.id, me, 3, std::chrono::seconds(60), 0}, [](const ClaimContext& ctx) {
    std::vector<NewTrial> trials;
    for (int i = 0; i < ctx.count; ++i) trials.push_back({{ctx.first_number + i}, "{\"p\":1}", "test"});
    return trials;
  });
  for (const auto& trial : claim.claimed)
    store.finish_trial(trial.id, me, {TrialState::kComplete, 1.0 + trial.number, std::string(400, ' ') + "{}", "", false, {}, {}});
}

// Expects opening `file` to fail with a message containing `expected`, and
// the directory to be exactly as before (same bytes, no side files).
void expect_refused(const std::filesystem::path& file, const std::string& expected,
                    const SqliteStoreOptions& options = {}) {
  const auto dir = file.parent_path();
  const auto files_before = list_files(dir);
  const auto bytes_before = std::filesystem::exists(file) ? read_bytes(file) : std::string("<none>");
  try {
    SqliteTrialStore store(file, options);
    store.list_studies();
    store.trials(1);
    FAIL() << "expected StoreError containing '" << expected << "'";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << "message should name the file: " << e.what();
  }
  EXPECT_EQ(list_files(dir), files_before);
  const auto bytes_after = std::filesystem::exists(file) ? read_bytes(file) : std::string("<none>");
  EXPECT_TRUE(bytes_after == bytes_before) << file << " changed (" << bytes_before.size() << " -> " << bytes_after.size()
                                           << " bytes)";
}

TEST(SqliteTrialStore, CreatesAWalDatabaseWithItsApplicationIdAndSchemaVersion) {
  TempDir dir;
  const auto file = dir.file("archex.db");
  make_database(file);
  EXPECT_EQ(raw_query(file, "PRAGMA journal_mode")[0][0], "wal");
  EXPECT_EQ(raw_query(file, "PRAGMA application_id")[0][0], std::to_string(kArchexApplicationId));
  EXPECT_EQ(raw_query(file, "PRAGMA user_version")[0][0], std::to_string(kSchemaVersion));
  EXPECT_EQ(list_files(dir.path()), std::vector<std::string>{"archex.db"});  // no temporary or side files left
  // Readable by plain SQL.
  auto rows = raw_query(file, "SELECT s.name, t.number, t.state, t.value, t.params FROM trials t "
                              "JOIN studies s ON s.id = t.study_id ORDER BY t.number");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2], (std::vector<std::string>{"s", "2", "complete", "3.0", "{\"p\":1}"}));
}

TEST(SqliteTrialStore, AdoptsAnEmptyFile) {
  TempDir dir;
  const auto file = dir.file("empty.db");
  write_file(file, "");
  SqliteTrialStore store(file);
  EXPECT_TRUE(store.list_studies().empty());
  EXPECT_EQ(raw_query(file, "PRAGMA application_id")[0][0], std::to_string(kArchexApplicationId));
}

TEST(SqliteTrialStore, RefusesAMissingFileUnlessAskedToCreateIt) {
  TempDir dir;
  SqliteStoreOptions existing;
  existing.create = false;
  expect_refused(dir.file("none.db"), "does not exist", existing);
  SqliteStoreOptions read_only;
  read_only.read_only = true;
  expect_refused(dir.file("none.db"), "does not exist", read_only);
  EXPECT_FALSE(std::filesystem::exists(dir.file("none.db")));
}

TEST(SqliteTrialStore, RefusesATextFileUntouched) {
  TempDir dir;
  write_file(dir.file("notes.db"), "these are my notes, not a database\n");
  expect_refused(dir.file("notes.db"), "not an archex database (not an SQLite file)");
  write_file(dir.file("short.db"), "SQLite");
  expect_refused(dir.file("short.db"), "not an SQLite file");
}

TEST(SqliteTrialStore, RefusesAnotherApplicationsDatabaseUntouched) {
  TempDir dir;
  const auto file = dir.file("other.db");
  raw_exec(file, "CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos (path) VALUES ('a.jpg');");
  expect_refused(file, "SQLite database of another application (application_id 0x00000000");
  raw_exec(file, "PRAGMA application_id = 1234");
  expect_refused(file, "application_id 0x000004d2");
}

TEST(SqliteTrialStore, RefusesANewerSchemaUntouched) {
  TempDir dir;
  const auto file = dir.file("future.db");
  make_database(file);
  raw_exec(file, "PRAGMA user_version = " + std::to_string(kSchemaVersion + 1));
  expect_refused(file, "schema version " + std::to_string(kSchemaVersion + 1) + ", newer than this archex supports");
  SqliteStoreOptions read_only;
  read_only.read_only = true;
  expect_refused(file, "newer than this archex supports", read_only);
}

TEST(SqliteTrialStore, ReportsACorruptDatabaseAndLeavesItAsItIs) {
  TempDir dir;
  const auto file = dir.file("corrupt.db");
  make_database(file);
  std::string bytes = read_bytes(file);
  ASSERT_GT(bytes.size(), 4096u * 2);
  // Keep the header page, scribble over every page after it.
  for (std::size_t i = 4096; i < bytes.size(); ++i) bytes[i] = static_cast<char>(0xA5 ^ (i * 31));
  write_file(file, bytes);
  expect_refused(file, "corrupt");
}

TEST(SqliteTrialStore, RefusesAnArchexMarkedFileWithoutTables) {
  TempDir dir;
  const auto file = dir.file("hollow.db");
  raw_exec(file, "PRAGMA application_id = " + std::to_string(kArchexApplicationId) + "; PRAGMA user_version = 1;");
  expect_refused(file, "has no 'studies' table");
}

TEST(SqliteTrialStore, ReadOnlyStoreNeverWrites) {
  TempDir dir;
  const auto file = dir.file("archex.db");
  make_database(file);
  const auto bytes = read_bytes(file);
  SqliteStoreOptions read_only;
  read_only.read_only = true;
  {
    SqliteTrialStore store(file, read_only);
    EXPECT_EQ(store.list_studies().size(), 1u);
    EXPECT_EQ(store.trials(store.get_study("s").id).size(), 3u);
    EXPECT_THROW(store.create_or_get_study({"t", "{}", Direction::kMinimize, 1, 1, "{}", {}}), StoreError);
  }
  EXPECT_TRUE(read_bytes(file) == bytes) << "a read-only store changed the file";
  EXPECT_EQ(list_files(dir.path()), std::vector<std::string>{"archex.db"});
}

TEST(SqliteTrialStore, TwoStoresOnOneFileSeeEachOthersCommits) {
  TempDir dir;
  const auto file = dir.file("shared.db");
  SqliteTrialStore first(file);
  SqliteTrialStore second(file);
  auto study = first.create_or_get_study({"s", "{}", Direction::kMinimize, 4, 1, "{}", {}}).first;
  EXPECT_FALSE(second.create_or_get_study({"s", "{}", Direction::kMinimize, 4, 1, "{}", {}}).second);
  const Owner a = Owner::current(), b = Owner::current();
  auto propose = [](const ClaimContext& ctx) {
    std::vector<NewTrial> trials;
    for (int i = 0; i < ctx.count; ++i) trials.push_back({{ctx.first_number + i}, "{}", "test"});
    return trials;
  };
  auto mine = first.claim_trials({study.id, a, 2, std::chrono::seconds(60), 0}, propose);
  auto theirs = second.claim_trials({study.id, b, 5, std::chrono::seconds(60), 0}, propose);
  ASSERT_EQ(theirs.claimed.size(), 2u);
  EXPECT_EQ(theirs.claimed[0].number, 2);
  EXPECT_EQ(theirs.running_elsewhere, 2);
}

// The optimizer proposes with no lock held: another process claims and
// finishes trials meanwhile (it used to wait for the write lock, here at most
// 100 ms before failing); the slow proposal then takes the next free numbers.
TEST(SqliteTrialStore, ProposesOutsideTheWriteLock) {
  TempDir dir;
  const auto file = dir.file("shared.db");
  SqliteStoreOptions impatient;
  impatient.busy_timeout = std::chrono::milliseconds(100);
  SqliteTrialStore slow(file);
  SqliteTrialStore other(file, impatient);
  auto study = slow.create_or_get_study({"s", "{}", Direction::kMinimize, 3, 1, "{}", {}}).first;
  const Owner a = Owner::current(), b = Owner::current();
  auto propose = [](const ClaimContext& ctx) {
    std::vector<NewTrial> trials;
    for (int i = 0; i < ctx.count; ++i) trials.push_back({{ctx.first_number + i}, "{}", "test"});
    return trials;
  };
  int calls = 0;
  auto claim = slow.claim_trials({study.id, a, 2, std::chrono::seconds(60), 0}, [&](const ClaimContext& ctx) {
    ++calls;
    EXPECT_EQ(ctx.first_number, 0);
    // Meanwhile (a model fit), the other process claims and finishes trial 0.
    auto theirs = other.claim_trials({study.id, b, 1, std::chrono::seconds(60), 0}, propose);
    EXPECT_EQ(theirs.claimed.at(0).number, 0);
    EXPECT_TRUE(other.finish_trial(theirs.claimed[0].id, b, {TrialState::kComplete, 1.0, "{}", "", false, {1.0}, {}}));
    return propose(ctx);
  });
  EXPECT_EQ(calls, 1);
  // Renumbered after the other process's trial, and capped by the target of 3.
  ASSERT_EQ(claim.claimed.size(), 2u);
  EXPECT_EQ(claim.claimed[0].number, 1);
  EXPECT_EQ(claim.claimed[1].number, 2);
  EXPECT_EQ(claim.created, 3);
}

// archex run reports how long its writes waited for other processes.
TEST(SqliteTrialStore, CountsTheTimeItsWritesWaitForAnotherProcesssLock) {
  TempDir dir;
  const auto file = dir.file("shared.db");
  SqliteTrialStore store(file);
  auto study = store.create_or_get_study({"s", "{}", Direction::kMinimize, 3, 1, "{}", {}}).first;
  EXPECT_EQ(store.lock_wait().count(), 0);
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::thread release([other] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
  });
  store.set_target_and_jobs(study.id, 5, 1);  // waits for the other connection's lock
  release.join();
  sqlite3_close(other);
  EXPECT_GE(store.lock_wait(), std::chrono::milliseconds(150));
}

// In batch mode a batch is proposed from a history with every earlier trial
// finished: when another process created trials during the proposal, the
// batch is proposed again from the new history.
TEST(SqliteTrialStore, ABatchProposedWhileAnotherProcessCreatedTrialsIsProposedAgain) {
  TempDir dir;
  const auto file = dir.file("shared.db");
  SqliteTrialStore slow(file);
  SqliteTrialStore other(file);
  auto study = slow.create_or_get_study({"s", "{}", Direction::kMinimize, 10, 1, "{}", {}}).first;
  const Owner a = Owner::current(), b = Owner::current();
  auto propose = [](const ClaimContext& ctx) {
    std::vector<NewTrial> trials;
    for (int i = 0; i < ctx.count; ++i) trials.push_back({{ctx.first_number + i}, "{}", "test"});
    return trials;
  };
  std::vector<int> first_numbers;
  auto claim = slow.claim_trials({study.id, a, 3, std::chrono::seconds(60), 0, true}, [&](const ClaimContext& ctx) {
    first_numbers.push_back(ctx.first_number);
    if (first_numbers.size() == 1) {
      auto theirs = other.claim_trials({study.id, b, 2, std::chrono::seconds(60), 0, true}, propose);
      for (const auto& t : theirs.claimed)
        other.finish_trial(t.id, b, {TrialState::kComplete, 1.0, "{}", "", false, {1.0}, {}});
    }
    return propose(ctx);
  });
  EXPECT_EQ(first_numbers, (std::vector<int>{0, 2}));
  ASSERT_EQ(claim.claimed.size(), 3u);
  EXPECT_EQ(claim.claimed[0].number, 2);
  EXPECT_EQ(claim.newly_finished.size(), 2u);  // the second proposal saw both finished
}

// tests/explorer/fixtures/archex_v1.sql is a `sqlite3 .dump` of a version-1
// database made by this code. Every later archex must keep reading it.
TEST(SqliteTrialStore, ReadsTheVersion1Fixture) {
  TempDir dir;
  const auto file = dir.file("v1.db");
  std::ifstream in(std::filesystem::path(ARCHEX_SOURCE_DIR) / "tests/explorer/fixtures/archex_v1.sql");
  ASSERT_TRUE(in) << "fixture missing";
  std::stringstream sql;
  sql << in.rdbuf();
  raw_exec(file, sql.str());
  SqliteTrialStore store(file);
  auto summary = store.list_studies();
  ASSERT_EQ(summary.size(), 2u);
  EXPECT_EQ(summary[0].study.name, "mnv2-4.8");
  EXPECT_EQ(summary[0].prior_count, 3);
  EXPECT_EQ(summary[1].study.name, "mnv2-6.8");
  EXPECT_EQ(summary[1].counts.complete, 2);
  EXPECT_EQ(summary[1].counts.infeasible, 1);
  EXPECT_EQ(summary[1].counts.running, 1);
  EXPECT_DOUBLE_EQ(*summary[1].best_value, 1.25);
  auto trials = store.trials(summary[1].study.id);
  ASSERT_EQ(trials.size(), 4u);
  EXPECT_EQ(trials[1].point, (opt::Point{1, 0, 2, 3}));
  EXPECT_EQ(trials[2].reason, "area 7.1 mm2 exceeds the budget of 6.8 mm2");
  EXPECT_EQ(trials[3].state, TrialState::kRunning);
  // The running trial's owner is long gone: it is re-run.
  auto claim = store.claim_trials({summary[1].study.id, Owner::current(), 1, std::chrono::seconds(60), 0},
                                  [](const ClaimContext&) -> std::vector<NewTrial> { throw std::logic_error("no new trial expected"); });
  ASSERT_EQ(claim.claimed.size(), 1u);
  EXPECT_EQ(claim.claimed[0].number, 3);
  EXPECT_EQ(claim.newly_finished.size(), 3u);
}

}  // namespace
}  // namespace archex::explore
