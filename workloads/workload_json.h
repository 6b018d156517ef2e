#pragma once
// Machine-readable summary of a workload (the `archex workloads show --json`
// contract): name, totals and every layer with its shapes, loop nest and counts.

#include <nlohmann/json.hpp>

#include "workloads/workload.h"

namespace archex::workload {

nlohmann::ordered_json workload_to_json(const Workload& workload);

}  // namespace archex::workload
