#pragma once
// A fingerprint of a workload's content (every layer's operator, shapes and
// counts, and the element width): part of the evaluation-cache key and of a
// study's context, so an edited workload file is not mistaken for the old one.

#include <string>

#include "workloads/workload.h"

namespace archex::explore {

// "<name>#<16 hex digits>" (FNV-1a 64 over the layer data).
std::string workload_fingerprint(const workload::Workload& workload);

}  // namespace archex::explore
