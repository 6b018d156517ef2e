#include "experiments/terminal_text.h"

#include <cstdio>

#include "workloads/utf8.h"

namespace archex::exp {
namespace {

void append_escape(std::string& out, unsigned char byte) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "\\x%02x", byte);
  out += buffer;
}

}  // namespace

std::string printable_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7f) append_escape(out, b);
      else if (b == '\\' && i + 1 < text.size() && text[i + 1] == 'x') out += "\\\\";
      else out += static_cast<char>(b);
      ++i;
    } else if (const std::size_t n = utf8_sequence_length(text, i); n > 0) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      append_escape(out, b);
      ++i;
    }
  }
  return out;
}

}  // namespace archex::exp
