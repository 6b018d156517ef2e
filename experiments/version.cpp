#include "experiments/version.h"

#include "archex_commit.h"  // generated at build time (write_commit.cmake)

namespace archex::exp {

std::string archex_version() { return ARCHEX_VERSION; }
std::string archex_commit() { return ARCHEX_COMMIT; }
std::string version_line() { return "archex " + archex_version() + " (commit " + archex_commit() + ")"; }

}  // namespace archex::exp
