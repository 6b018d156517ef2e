#include "workloads/liveness.h"

#include <algorithm>

namespace archex::workload {

std::int64_t peak_activation_bytes(std::span<const Layer> layers,
                                   const std::vector<std::vector<std::size_t>>& predecessors,
                                   int bytes_per_element) {
  const std::size_t n = layers.size();
  // owner[i]: the layer whose buffer holds layer i's output (itself unless a view).
  std::vector<std::size_t> owner(n);
  std::vector<std::size_t> last_step(n, 0);
  std::vector<bool> consumed(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    const bool view = layers[i].kind == OpKind::kReshape && predecessors[i].size() == 1;
    owner[i] = view ? owner[predecessors[i][0]] : i;
    last_step[owner[i]] = std::max(last_step[owner[i]], i);
    for (std::size_t p : predecessors[i]) {
      consumed[p] = true;
      last_step[owner[p]] = std::max(last_step[owner[p]], i);
    }
  }
  for (std::size_t i = 0; i < n; ++i)
    if (!consumed[i]) last_step[owner[i]] = n - 1;  // a graph output stays until the end

  // Difference array over steps: +bytes when a buffer is produced, - after its last use.
  std::vector<std::int64_t> delta(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    // A state tensor (KV cache) lives in DRAM across inferences, not in the activation buffers.
    if (owner[i] != i || layers[i].kind == OpKind::kState) continue;
    const std::int64_t bytes = layers[i].output.elements() * bytes_per_element;
    delta[i] += bytes;
    delta[last_step[i] + 1] -= bytes;
  }
  std::int64_t live = 0, peak = 0;
  for (std::size_t i = 0; i < n; ++i) {
    live += delta[i];
    peak = std::max(peak, live);
  }
  return peak;
}

}  // namespace archex::workload
