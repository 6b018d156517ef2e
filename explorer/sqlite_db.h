#pragma once
// A thin RAII layer over the SQLite C API for the SQLite trial store: one
// connection, cached prepared statements, IMMEDIATE transactions, and errors
// turned into StoreError messages that name the database file.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace archex::explore {

class SqliteDatabase;

// A prepared statement in use: bind, step, read columns. Resets the statement
// when it goes out of scope, so no read snapshot outlives the query.
class SqliteQuery {
 public:
  SqliteQuery(SqliteDatabase& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  SqliteQuery(const SqliteQuery&) = delete;
  SqliteQuery& operator=(const SqliteQuery&) = delete;
  ~SqliteQuery();

  // Parameters are 1-based, as in SQLite.
  SqliteQuery& bind(int index, std::int64_t value);
  SqliteQuery& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  SqliteQuery& bind(int index, double value);
  SqliteQuery& bind(int index, std::string_view text);
  SqliteQuery& bind(int index, const std::optional<double>& value);
  SqliteQuery& bind_null(int index);
  SqliteQuery& bind_blob(int index, std::string_view bytes);

  // Advances to the next row: true if there is one.
  bool step();
  // Runs a statement that returns no rows.
  void run();

  // Columns are 0-based.
  bool is_null(int column) const;
  std::int64_t integer(int column) const;
  double real(int column) const;
  std::optional<double> optional_real(int column) const;
  std::string text(int column) const;
  std::string blob(int column) const;

 private:
  SqliteDatabase* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDatabase {
 public:
  // Opens with sqlite3_open_v2(flags); throws StoreError naming `location`.
  SqliteDatabase(const std::string& path, int flags, std::string location);
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;
  ~SqliteDatabase();

  sqlite3* handle() const { return db_; }
  const std::string& location() const { return location_; }

  void exec(const std::string& sql);
  // The statement for `sql`, prepared once and reused.
  SqliteQuery query(const std::string& sql);
  // Throws StoreError describing the failure of `what` with result code `rc`.
  [[noreturn]] void fail(int rc, std::string_view what) const;

 private:
  sqlite3* db_ = nullptr;
  std::string location_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed uncommitted (an
// exception). IMMEDIATE takes the write lock up front, so two processes never
// both read "next number = 7" and then both try to write it.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDatabase& db);
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  ~SqliteTransaction();
  void commit();

 private:
  SqliteDatabase& db_;
  bool open_ = true;
};

}  // namespace archex::explore
