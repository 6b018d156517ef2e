#pragma once
// Looking at a trial-database file before SQLite touches it, and creating one
// so that it appears complete or not at all.
//
// The header check reads the first 100 bytes with plain file I/O: a file that
// is not SQLite, an SQLite file of another application, or an archex database
// of a newer schema is refused without ever being opened by SQLite, so it
// cannot be modified (no journal, no WAL, no -shm file is created).

#include <filesystem>

namespace archex::explore {

enum class DatabaseFileKind {
  kMissing,  // no such file
  kEmpty,    // zero bytes: SQLite's empty database, adopted as a new archex database
  kArchex,   // an archex database this build can open
};

struct DatabaseFileInfo {
  DatabaseFileKind kind = DatabaseFileKind::kMissing;
  int schema_version = 0;  // user_version from the header (kArchex only)
};

// Throws StoreError naming the file for anything else (not SQLite, foreign,
// newer schema, unreadable).
DatabaseFileInfo inspect_database_file(const std::filesystem::path& file);

// Creates an archex database at `file`: built under a temporary name beside it,
// then linked into place, so a crash never leaves a half-made database. If
// another process creates it first, theirs is kept. `replace_empty` replaces a
// zero-byte file instead.
void create_database_file(const std::filesystem::path& file, bool replace_empty);

// Deletes what a creation killed midway left beside `file`
// ("<file>.creating-<pid>-<random>" and its journal, whose pid is gone).
void remove_abandoned_temporaries(const std::filesystem::path& file);

}  // namespace archex::explore
