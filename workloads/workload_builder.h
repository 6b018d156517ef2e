#pragma once
// Builds a validated Workload from layer specs. Parse, then build: specs may
// come in any order and may be wrong; build() checks the graph (unique names,
// known inputs, no cycle), simplifies it (BuildOptions), orders it
// topologically and derives every shape and count, or throws WorkloadError
// naming the offending layer.

#include <cstdint>
#include <string>
#include <vector>

#include "workloads/build_options.h"
#include "workloads/layer_spec.h"
#include "workloads/workload.h"

namespace archex::workload {

struct ConvParams {
  std::int64_t out_channels = 0;
  std::int64_t kernel = 1;
  std::int64_t stride = 1;
  std::int64_t padding = 0;  // on every side
  std::int64_t groups = 1;
  bool bias = false;
  bool same_padding = false;  // TF "SAME" (overrides padding)
};

struct PoolParams {
  std::int64_t kernel = 2;
  std::int64_t stride = 2;
  std::int64_t padding = 0;
  bool ceil_mode = false;
};

class WorkloadBuilder {
 public:
  explicit WorkloadBuilder(std::string name) : name_(std::move(name)) {}

  // Appends a layer spec; returns its name so model code can chain layers.
  const std::string& add(LayerSpec spec);

  // Shorthands for model definitions; each returns the new layer's name.
  const std::string& input(std::string name, TensorShape shape);
  const std::string& conv2d(std::string name, const std::string& input, const ConvParams& p);
  const std::string& fully_connected(std::string name, const std::string& input,
                                     std::int64_t out_features, bool bias = true);
  const std::string& max_pool(std::string name, const std::string& input, const PoolParams& p);
  const std::string& avg_pool(std::string name, const std::string& input, const PoolParams& p);
  const std::string& global_avg_pool(std::string name, const std::string& input);
  const std::string& batch_norm(std::string name, const std::string& input);
  const std::string& activation(std::string name, const std::string& input, ActivationKind kind);
  const std::string& add_tensors(std::string name, std::vector<std::string> inputs);
  const std::string& mul_tensors(std::string name, std::vector<std::string> inputs);
  const std::string& concat(std::string name, std::vector<std::string> inputs);
  const std::string& flatten(std::string name, const std::string& input);

  const std::string& name() const { return name_; }
  const std::vector<LayerSpec>& specs() const { return specs_; }

  Workload build(const BuildOptions& options = {}) const;

 private:
  std::string name_;
  std::vector<LayerSpec> specs_;
};

}  // namespace archex::workload
