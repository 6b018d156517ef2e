#pragma once
// A neural-network workload: a validated DAG of layers (Boost.Graph) with the
// layers also kept in a topological order for fast sequential evaluation.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "workloads/layer.h"

namespace archex::workload {

class Workload {
 public:
  // Layers in topological order. This is the hot-path view the cost model walks.
  std::span<const Layer> layers() const { return layers_; }
  // Producer indices (into layers()) of each layer's inputs, in input order.
  const std::vector<std::vector<std::size_t>>& predecessors() const { return predecessors_; }

  const std::string& name() const { return name_; }
  int bytes_per_element() const { return bytes_per_element_; }  // 1 = int8 (default), 2 = 16-bit

  std::int64_t total_macs() const { return total_macs_; }
  std::int64_t total_params() const { return total_params_; }
  std::int64_t weight_bytes() const { return total_params_ * bytes_per_element_; }
  // Peak bytes of simultaneously live activation tensors over the topological
  // order (tensor liveness: a tensor lives from its producer to its last consumer).
  std::int64_t peak_activation_bytes() const { return peak_activation_bytes_; }

 private:
  friend class WorkloadBuilder;
  std::string name_;
  int bytes_per_element_ = 1;
  std::vector<Layer> layers_;
  std::vector<std::vector<std::size_t>> predecessors_;
  std::int64_t total_macs_ = 0;
  std::int64_t total_params_ = 0;
  std::int64_t peak_activation_bytes_ = 0;
};

// A multi-model workload set, optionally weighted (weights default to 1).
struct WorkloadSet {
  std::string name;
  std::vector<Workload> workloads;
  std::vector<double> weights;
};

}  // namespace archex::workload
