#include "experiments/json_input.h"

#include <stdexcept>

namespace archex::exp {

nlohmann::json parse_user_json(const std::string& text, const std::string& where, int max_depth) {
  const std::string prefix = where.empty() ? "" : where + ": ";
  int depth = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > max_depth)
        throw std::runtime_error(prefix + "JSON nested deeper than " + std::to_string(max_depth) + " levels");
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(prefix + "not valid JSON: " + e.what());
  }
}

}  // namespace archex::exp
