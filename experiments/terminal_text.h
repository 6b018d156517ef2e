#pragma once
// Text from users' files (names in a forged database, a corrupt spec's bytes
// quoted in an error) shown on a terminal: control bytes and bytes that are
// not UTF-8 would move the cursor, recolour or garble it, so they are shown
// as escapes instead. The one quoting helper of every message archex prints.

#include <string>
#include <string_view>

namespace archex::exp {

// `text` with every control byte but newline and tab, DEL, and every byte
// that is not part of valid UTF-8 written as \xNN (a backslash as \\ only
// where it would be ambiguous: before 'x'). Valid UTF-8 stays as it is.
std::string printable_text(std::string_view text);

}  // namespace archex::exp
