#include "explorer/database_file.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <unistd.h>

#include "explorer/errors.h"
#include "explorer/sqlite_db.h"
#include "explorer/sqlite_schema.h"
#include "explorer/trial.h"

namespace archex::explore {
namespace {

// SQLite file format, section 1.3 (https://www.sqlite.org/fileformat.html):
// magic string at 0, user_version at 60, application_id at 68, big-endian.
constexpr char kSqliteMagic[16] = "SQLite format 3";
constexpr std::size_t kHeaderSize = 100;
constexpr std::size_t kUserVersionOffset = 60;
constexpr std::size_t kApplicationIdOffset = 68;

std::uint32_t big_endian_u32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

std::string hex32(std::uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%08x", value);
  return buffer;
}

}  // namespace

DatabaseFileInfo inspect_database_file(const std::filesystem::path& file) {
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (!std::filesystem::exists(status)) return {DatabaseFileKind::kMissing, 0};
  const std::string name = file.string();
  if (!std::filesystem::is_regular_file(status))
    throw StoreError(name + " is not a regular file (expected an archex database)");
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) throw StoreError("cannot read " + name + ": " + ec.message());
  if (size == 0) return {DatabaseFileKind::kEmpty, 0};

  unsigned char header[kHeaderSize] = {};
  std::ifstream in(file, std::ios::binary);
  if (!in) throw StoreError("cannot read " + name + ": " + std::strerror(errno));
  in.read(reinterpret_cast<char*>(header), kHeaderSize);
  const auto got = static_cast<std::size_t>(in.gcount());
  if (got < kHeaderSize || std::memcmp(header, kSqliteMagic, sizeof kSqliteMagic) != 0)
    throw StoreError(name + " is not an archex database (not an SQLite file); it was left as it is");

  const std::uint32_t application_id = big_endian_u32(header + kApplicationIdOffset);
  const auto version = static_cast<int>(big_endian_u32(header + kUserVersionOffset));
  if (application_id != kArchexApplicationId)
    throw StoreError(name + " is an SQLite database of another application (application_id " +
                     hex32(application_id) + ", archex uses " + hex32(kArchexApplicationId) +
                     "); it was left as it is");
  if (version > kSchemaVersion)
    throw StoreError(name + " has archex schema version " + std::to_string(version) +
                     ", newer than this archex supports (" + std::to_string(kSchemaVersion) +
                     "); use a newer archex. The file was left as it is");
  if (version < 1)
    throw StoreError(name + " is marked as an archex database but has no schema version; it was left as it is");
  return {DatabaseFileKind::kArchex, version};
}

void remove_abandoned_temporaries(const std::filesystem::path& file) {
  const std::string prefix = file.filename().string() + ".creating-";
  std::error_code ec;
  const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string rest = name.substr(prefix.size());
    try {
      if (process_is_gone(std::stoll(rest.substr(0, rest.find('-'))))) std::filesystem::remove(entry.path(), ec);
    } catch (const std::exception&) {
      // not one of ours
    }
  }
}

void create_database_file(const std::filesystem::path& file, bool replace_empty) {
  remove_abandoned_temporaries(file);
  std::random_device entropy;
  const auto temp = std::filesystem::path(file.string() + ".creating-" + std::to_string(getpid()) + "-" +
                                          std::to_string(entropy()));
  try {
    SqliteDatabase db(temp.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, file.string());
    create_schema(db);
    // Stamped in the header on close, so every later open finds WAL mode.
    db.exec("PRAGMA journal_mode = WAL");
  } catch (...) {
    std::filesystem::remove(temp);
    throw;
  }
  int rc = replace_empty ? std::rename(temp.c_str(), file.c_str()) : link(temp.c_str(), file.c_str());
  const int error = errno;
  std::error_code ignored;
  std::filesystem::remove(temp, ignored);
  if (rc != 0 && !(error == EEXIST && !replace_empty))  // EEXIST: another process won the race
    throw StoreError("cannot create " + file.string() + ": " + std::strerror(error));
}

}  // namespace archex::explore
