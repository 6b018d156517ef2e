#pragma once
// Human-readable workload output of the `archex workloads` commands.

#include <cstdint>
#include <ostream>
#include <string>

#include "workloads/workload.h"

namespace archex::exp {

// Totals, then one row per layer (name, op, input and output shapes, counts).
void print_workload_table(std::ostream& out, const workload::Workload& w);

// One line of `archex workloads list`.
void print_workload_line(std::ostream& out, const std::string& source, const workload::Workload& w,
                         const std::string& summary);

}  // namespace archex::exp
