#pragma once
// The trial database's schema: how archex recognises its own files
// (PRAGMA application_id), which schema version a file has (PRAGMA
// user_version) and the tables of the current version. docs/database.md
// describes the tables; keep the two in step.

#include <cstdint>
#include <string>

namespace archex::explore {

class SqliteDatabase;

// "ARCX" in ASCII: written into every archex database's header at offset 68.
inline constexpr std::uint32_t kArchexApplicationId = 0x41524358;
// Bump when the tables change, and add a migration from the previous version
// (with an old-version fixture in tests/explorer/fixtures/).
// Version 2 added each trial's objective values and constraint results,
// version 3 the optimizer_states table (incremental optimizers' saved state).
inline constexpr int kSchemaVersion = 3;

// Creates the tables of kSchemaVersion and stamps application_id and
// user_version, in one transaction, on an empty database.
void create_schema(SqliteDatabase& db);
// Brings an archex database of an older schema version up to kSchemaVersion
// in one transaction: a crash midway leaves the file at its old version,
// usable as it was.
void migrate_schema(SqliteDatabase& db, int from_version);
// Tests only: called inside the migration transaction, after the tables
// changed and before the commit (a test kills the process there).
inline void (*migration_test_hook)() = nullptr;
// Throws StoreError when a table the store uses is missing.
void check_schema(SqliteDatabase& db);

}  // namespace archex::explore
