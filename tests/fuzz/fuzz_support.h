#pragma once
// What the fuzz targets share. Each target is one LLVMFuzzerTestOneInput():
// built with libFuzzer in the `fuzz` preset (build/fuzz/fuzz_<target>), and in
// every other build with replay_main.cpp, which runs it over the committed
// corpus (tests/fuzz/corpus/<target>/) as a ctest test.
//
// A target's contract: any input is either accepted or refused with an
// exception derived from std::exception (what the CLI prints as one line).
// A crash, a sanitizer report, a leak, a hang, or a check below failing is a
// finding.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace archex::fuzz {

inline std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Writes `bytes` to `name` in this process's own temporary directory (made on
// first use, removed at exit) and returns its path.
std::filesystem::path write_temp_file(const std::string& name, std::string_view bytes);

// The file's bytes ("" when it does not exist).
std::string read_bytes(const std::filesystem::path& file);

// Reports a broken property with the input's description and aborts, so
// libFuzzer (or the replay driver) records the input as a crash.
[[noreturn]] void finding(const std::string& what);

}  // namespace archex::fuzz
