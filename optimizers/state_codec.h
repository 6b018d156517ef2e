#pragma once
// The bytes of an optimizer's SavedState (optimizer.h): a format tag, the
// fields in order, and a checksum, so that a damaged, truncated or foreign
// state is recognised (and rebuilt from the history) instead of misread.
// Numbers are stored in the machine's byte order: a state is a cache of a
// deterministic computation, not an exchange format.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace archex::opt {

// A state that cannot be read: its message says why.
class StateFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StateWriter {
 public:
  explicit StateWriter(std::string_view format);
  void integer(std::int64_t value);
  void real(double value);
  void text(std::string_view value);
  void floats(const std::vector<float>& values);
  // The bytes, checksum appended.
  std::string finish() &&;

 private:
  std::string bytes_;
};

class StateReader {
 public:
  // Throws StateFormatError unless `bytes` is a complete state of `format`.
  StateReader(std::string_view bytes, std::string_view format);
  std::int64_t integer();
  double real();
  std::string text();
  std::vector<float> floats();
  // Throws StateFormatError when bytes are left over.
  void expect_end() const;

 private:
  void take(void* out, std::size_t size);
  std::string_view bytes_;  // without the checksum
  std::size_t at_ = 0;
};

}  // namespace archex::opt
