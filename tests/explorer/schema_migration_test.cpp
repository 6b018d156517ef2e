// Schema versions 1 -> 2 -> 3: a read-only open reads an old file without
// changing a byte; the first read-write open upgrades it in place, in one
// transaction; a process killed in the middle of the upgrade leaves the
// old file as it was, and the next open upgrades it.

#include <csignal>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "explorer/sqlite_schema.h"
#include "explorer/sqlite_trial_store.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

using testing::read_bytes;
using testing::TempDir;

std::filesystem::path make_database(const TempDir& dir, int version) {
  const std::string name = "archex_v" + std::to_string(version);
  const auto file = dir.file(name + ".db");
  std::ifstream in(std::filesystem::path(ARCHEX_SOURCE_DIR) / "tests/explorer/fixtures" / (name + ".sql"));
  EXPECT_TRUE(in) << "fixture missing";
  std::stringstream sql;
  sql << in.rdbuf();
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  char* error = nullptr;
  sqlite3_exec(db, sql.str().c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(error, nullptr) << error;
  sqlite3_close(db);
  return file;
}

std::filesystem::path make_v1_database(const TempDir& dir) { return make_database(dir, 1); }

int user_version(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr);
  sqlite3_step(stmt);
  const int version = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return version;
}

TEST(SchemaMigration, ReadOnlyOpenReadsVersion1WithoutChangingIt) {
  TempDir dir;
  const auto file = make_v1_database(dir);
  const std::string before = read_bytes(file);
  {
    SqliteStoreOptions options;
    options.read_only = true;
    SqliteTrialStore store(file, options);
    EXPECT_FALSE(store.upgraded_from());
    const auto studies = store.list_studies();
    ASSERT_EQ(studies.size(), 2u);
    const auto trials = store.trials(studies[1].study.id);
    ASSERT_EQ(trials.size(), 4u);
    // A version-1 trial's one value is its objective values.
    ASSERT_TRUE(trials[0].value);
    EXPECT_EQ(trials[0].values, std::vector<double>{*trials[0].value});
    EXPECT_TRUE(trials[2].values.empty());  // infeasible
  }
  EXPECT_EQ(read_bytes(file), before);
  EXPECT_EQ(user_version(file), 1);
}

TEST(SchemaMigration, ReadWriteOpenUpgradesInPlaceAndKeepsEveryTrial) {
  TempDir dir;
  const auto file = make_v1_database(dir);
  {
    SqliteTrialStore store(file);
    EXPECT_EQ(store.upgraded_from(), 1);
    const auto studies = store.list_studies();
    ASSERT_EQ(studies.size(), 2u);
    EXPECT_EQ(studies[1].counts.complete, 2);
    EXPECT_DOUBLE_EQ(*studies[1].best_value, 1.25);
    EXPECT_EQ(studies[0].prior_count, 3);
  }
  EXPECT_EQ(user_version(file), kSchemaVersion);
  SqliteTrialStore again(file);
  EXPECT_FALSE(again.upgraded_from());
}

TEST(SchemaMigration, KilledMidMigrationLeavesAUsableVersion1File) {
  TempDir dir;
  const auto file = make_v1_database(dir);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    migration_test_hook = [] { raise(SIGKILL); };
    try {
      SqliteTrialStore store(file);
    } catch (...) {
    }
    _exit(0);  // not reached: the hook kills the process inside the transaction
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the child was not killed mid-migration";
  EXPECT_EQ(user_version(file), 1);
  {
    SqliteStoreOptions options;
    options.read_only = true;
    SqliteTrialStore store(file, options);
    EXPECT_EQ(store.list_studies().size(), 2u);
  }
  SqliteTrialStore store(file);
  EXPECT_EQ(store.upgraded_from(), 1);
  EXPECT_EQ(store.list_studies()[1].counts.complete, 2);
  EXPECT_EQ(user_version(file), kSchemaVersion);
}

TEST(SchemaMigration, ReadOnlyOpenReadsVersion2WithoutChangingIt) {
  TempDir dir;
  const auto file = make_database(dir, 2);
  EXPECT_EQ(user_version(file), 2);
  const std::string before = read_bytes(file);
  {
    SqliteStoreOptions options;
    options.read_only = true;
    SqliteTrialStore store(file, options);
    const auto studies = store.list_studies();
    ASSERT_EQ(studies.size(), 2u);
    const auto trials = store.trials(studies[1].study.id);
    ASSERT_EQ(trials.size(), 4u);
    EXPECT_EQ(trials[1].values, std::vector<double>{1.25});
    // No optimizer_states table yet: no saved state, not an error.
    EXPECT_FALSE(store.load_optimizer_state(studies[1].study.id).has_value());
  }
  EXPECT_EQ(read_bytes(file), before);
}

TEST(SchemaMigration, Version2UpgradesToKeepOptimizerStates) {
  TempDir dir;
  const auto file = make_database(dir, 2);
  {
    SqliteTrialStore store(file);
    EXPECT_EQ(store.upgraded_from(), 2);
    const auto studies = store.list_studies();
    ASSERT_EQ(studies.size(), 2u);
    EXPECT_EQ(studies[1].counts.complete, 2);
    EXPECT_DOUBLE_EQ(*studies[1].best_value, 1.25);
    store.save_optimizer_state(studies[0].study.id, {2, "model"});
  }
  EXPECT_EQ(user_version(file), kSchemaVersion);
  SqliteTrialStore again(file);
  EXPECT_FALSE(again.upgraded_from());
  const auto study = again.list_studies()[0].study;
  EXPECT_EQ(again.load_optimizer_state(study.id)->data, "model");
  // Deleting a study deletes its state.
  again.delete_study(study.name, true);
  EXPECT_FALSE(again.load_optimizer_state(study.id).has_value());
}

TEST(SchemaMigration, KilledMidMigrationLeavesAUsableVersion2File) {
  TempDir dir;
  const auto file = make_database(dir, 2);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    migration_test_hook = [] { raise(SIGKILL); };
    try {
      SqliteTrialStore store(file);
    } catch (...) {
    }
    _exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the child was not killed mid-migration";
  EXPECT_EQ(user_version(file), 2);
  SqliteTrialStore store(file);
  EXPECT_EQ(store.upgraded_from(), 2);
  EXPECT_EQ(store.list_studies()[1].counts.complete, 2);
  EXPECT_EQ(user_version(file), kSchemaVersion);
}

}  // namespace
}  // namespace archex::explore
