#pragma once
// Parsing JSON a user hands us (a stdin line, a file) with the nesting depth
// bounded first: nlohmann::json parses recursively, and input nested 100,000
// levels deep would overflow the stack instead of being an error.

#include <string>

#include <nlohmann/json.hpp>

namespace archex::exp {

inline constexpr int kMaxJsonDepth = 256;

// Throws std::runtime_error "<where>: ..." (no prefix when `where` is empty) for nesting deeper than `max_depth`
// or invalid JSON.
nlohmann::json parse_user_json(const std::string& text, const std::string& where, int max_depth = kMaxJsonDepth);

}  // namespace archex::exp
