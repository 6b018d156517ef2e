#pragma once
// archex's version and the commit it was built from (for --version and the
// provenance of reports).

#include <string>

namespace archex::exp {

std::string archex_version();  // e.g. "0.1.0"
std::string archex_commit();   // `git describe` at build time, or "unknown"
std::string version_line();    // "archex 0.1.0 (commit …)"

}  // namespace archex::exp
