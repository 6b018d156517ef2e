#pragma once
// Peak activation memory by tensor liveness over a topological order.

#include <cstdint>
#include <span>
#include <vector>

#include "workloads/layer.h"

namespace archex::workload {

// Every layer produces one tensor, live from the step that produces it to the
// step of its last consumer (graph outputs: to the end). A reshape's output is
// a view of its input, not a new tensor: it extends the input's lifetime. The
// peak is the largest sum of live tensor bytes at any step, which includes the
// running layer's inputs and output and every tensor waiting for a later
// consumer (residual and inception branches).
std::int64_t peak_activation_bytes(std::span<const Layer> layers,
                                   const std::vector<std::vector<std::size_t>>& predecessors,
                                   int bytes_per_element);

}  // namespace archex::workload
