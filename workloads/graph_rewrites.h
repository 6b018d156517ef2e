#pragma once
// Inference-time simplifications applied to layer specs before shapes are
// derived: batch-norm folding and activation fusion (see BuildOptions). The
// specs must already have unique names and known inputs.

#include <vector>

#include "workloads/build_options.h"
#include "workloads/layer_spec.h"

namespace archex::workload {

// Returns the simplified specs, in their original relative order; consumers of
// a removed layer are rewired to the layer it was merged into.
std::vector<LayerSpec> simplify(std::vector<LayerSpec> specs, const BuildOptions& options);

}  // namespace archex::workload
