#include "optimizers/state_codec.h"

#include <cstring>

namespace archex::opt {
namespace {

// FNV-1a, 64 bits: catches truncation and bit rot (not an adversary).
std::uint64_t checksum(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

template <typename T>
void append(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

}  // namespace

StateWriter::StateWriter(std::string_view format) { text(format); }

void StateWriter::integer(std::int64_t value) { append(bytes_, value); }

void StateWriter::real(double value) { append(bytes_, value); }

void StateWriter::text(std::string_view value) {
  integer(static_cast<std::int64_t>(value.size()));
  bytes_.append(value);
}

void StateWriter::floats(const std::vector<float>& values) {
  integer(static_cast<std::int64_t>(values.size()));
  bytes_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
}

std::string StateWriter::finish() && {
  append(bytes_, checksum(bytes_));
  return std::move(bytes_);
}

StateReader::StateReader(std::string_view bytes, std::string_view format) {
  std::uint64_t stored = 0;
  if (bytes.size() < sizeof stored) throw StateFormatError("the saved state is truncated");
  std::memcpy(&stored, bytes.data() + bytes.size() - sizeof stored, sizeof stored);
  bytes_ = bytes.substr(0, bytes.size() - sizeof stored);
  if (checksum(bytes_) != stored) throw StateFormatError("the saved state fails its checksum");
  if (const std::string tag = text(); tag != format)
    throw StateFormatError("the saved state is of format '" + tag + "', not '" + std::string(format) + "'");
}

void StateReader::take(void* out, std::size_t size) {
  if (bytes_.size() - at_ < size) throw StateFormatError("the saved state is truncated");
  std::memcpy(out, bytes_.data() + at_, size);
  at_ += size;
}

std::int64_t StateReader::integer() {
  std::int64_t v = 0;
  take(&v, sizeof v);
  return v;
}

double StateReader::real() {
  double v = 0;
  take(&v, sizeof v);
  return v;
}

std::string StateReader::text() {
  const std::int64_t n = integer();
  if (n < 0 || static_cast<std::uint64_t>(n) > bytes_.size() - at_) throw StateFormatError("the saved state is truncated");
  std::string s(static_cast<std::size_t>(n), '\0');
  take(s.data(), s.size());
  return s;
}

std::vector<float> StateReader::floats() {
  const std::int64_t n = integer();
  if (n < 0 || static_cast<std::uint64_t>(n) > (bytes_.size() - at_) / sizeof(float))
    throw StateFormatError("the saved state is truncated");
  std::vector<float> v(static_cast<std::size_t>(n));
  take(v.data(), v.size() * sizeof(float));
  return v;
}

void StateReader::expect_end() const {
  if (at_ != bytes_.size()) throw StateFormatError("the saved state has trailing bytes");
}

}  // namespace archex::opt
