#include "explorer/sqlite_db.h"

#include "explorer/errors.h"

namespace archex::explore {

SqliteQuery::~SqliteQuery() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

SqliteQuery& SqliteQuery::bind(int index, std::int64_t value) {
  if (int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}

SqliteQuery& SqliteQuery::bind(int index, double value) {
  if (int rc = sqlite3_bind_double(stmt_, index, value); rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}

SqliteQuery& SqliteQuery::bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}

SqliteQuery& SqliteQuery::bind(int index, const std::optional<double>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

SqliteQuery& SqliteQuery::bind_null(int index) {
  if (int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}

bool SqliteQuery::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_->fail(rc, sqlite3_sql(stmt_));
}

void SqliteQuery::run() {
  while (step()) {
  }
}

bool SqliteQuery::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
std::int64_t SqliteQuery::integer(int column) const { return sqlite3_column_int64(stmt_, column); }
double SqliteQuery::real(int column) const { return sqlite3_column_double(stmt_, column); }

std::optional<double> SqliteQuery::optional_real(int column) const {
  if (is_null(column)) return std::nullopt;
  return real(column);
}

SqliteQuery& SqliteQuery::bind_blob(int index, std::string_view bytes) {
  int rc = sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}

std::string SqliteQuery::blob(int column) const {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  if (!data) return {};
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string SqliteQuery::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (!data) return {};
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

SqliteDatabase::SqliteDatabase(const std::string& path, int flags, std::string location)
    : location_(std::move(location)) {
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw StoreError("cannot open " + location_ + ": " + message);
  }
  sqlite3_extended_result_codes(db_, 1);
}

SqliteDatabase::~SqliteDatabase() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

void SqliteDatabase::exec(const std::string& sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    sqlite3_free(error);
    fail(rc, sql);
  }
}

SqliteQuery SqliteDatabase::query(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc, sql);
    it = statements_.emplace(sql, stmt).first;
  }
  return SqliteQuery(*this, it->second);
}

void SqliteDatabase::fail(int rc, std::string_view what) const {
  const std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      throw StoreError(location_ + " is corrupt (" + detail + "); it was left as it is");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw StoreError(location_ + " stayed locked by another process (" + detail + ")");
    case SQLITE_READONLY:
      throw StoreError(location_ + " is read-only (" + detail + ")");
    case SQLITE_FULL:
      throw StoreError(location_ + ": disk full (" + detail + ")");
    default:
      throw StoreError(location_ + ": " + detail + " [in: " + std::string(what.substr(0, 120)) + "]");
  }
}

SqliteTransaction::SqliteTransaction(SqliteDatabase& db) : db_(db) { db_.query("BEGIN IMMEDIATE").run(); }

SqliteTransaction::~SqliteTransaction() {
  if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void SqliteTransaction::commit() {
  db_.query("COMMIT").run();
  open_ = false;
}

}  // namespace archex::explore
