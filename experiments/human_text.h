#pragma once
// Numbers and names as a person reads them in tables: counts with K/M/G,
// byte sizes with KiB/MiB/GiB, and names shortened to fit their column.

#include <cstdint>
#include <string>

namespace archex::exp {

// 300774272 -> "300.77 M"; below 1000 the number itself.
std::string human_count(std::int64_t n);

// 262144 -> "256 KiB", 1536 -> "1.50 KiB"; below 1024 "N B".
std::string human_bytes(std::int64_t bytes);

// `text` if it has at most `width` characters, else its start and end around
// ".." (mostly the end, where ONNX names differ: "/enco..attention/MatMul_1").
std::string fit_text(const std::string& text, std::size_t width);

}  // namespace archex::exp
