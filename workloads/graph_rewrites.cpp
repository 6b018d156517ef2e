#include "workloads/graph_rewrites.h"

#include <string>
#include <unordered_map>

#include "workloads/layer_arithmetic.h"

namespace archex::workload {
namespace {

bool absorbs_batch_norm(const LayerSpec& s) {
  return (s.kind == OpKind::kConv2d || s.kind == OpKind::kFullyConnected) &&
         s.activation == ActivationKind::kNone;
}

bool absorbs_activation(const LayerSpec& s) {
  return can_fuse_activation(s.kind) && s.activation == ActivationKind::kNone;
}

// A lane op (clamp, table lookup) rides the output pipeline of the layer it
// fuses into; a special function (GELU's erf, exp) needs the special-function
// unit, so it stays a layer of its own and is costed as one.
bool fusable(ActivationKind kind) { return special_ops_per_element(kind) == 0; }

// One pass: merges each layer accepted by `merge` into its single producer
// when the producer has no other consumer. Merged layers vanish; their
// consumers read the producer instead.
template <typename Merge>
std::vector<LayerSpec> merge_into_producer(std::vector<LayerSpec> specs, Merge merge) {
  std::unordered_map<std::string, std::size_t> index;
  std::unordered_map<std::string, int> consumers;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    index.emplace(specs[i].name, i);
    for (const auto& in : specs[i].inputs) ++consumers[in];
  }
  std::unordered_map<std::string, std::string> renamed;  // removed layer -> producer
  std::vector<bool> removed(specs.size(), false);
  for (LayerSpec& s : specs) {
    if (s.inputs.size() != 1) continue;
    const std::string& producer_name = s.inputs.front();
    LayerSpec& producer = specs[index.at(producer_name)];
    if (consumers[producer_name] != 1 || !merge(producer, s)) continue;
    removed[index.at(s.name)] = true;
    renamed.emplace(s.name, producer_name);
  }
  auto resolve = [&](std::string name) {
    for (auto it = renamed.find(name); it != renamed.end(); it = renamed.find(name)) name = it->second;
    return name;
  };
  std::vector<LayerSpec> kept;
  kept.reserve(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (removed[i]) continue;
    for (auto& in : specs[i].inputs) in = resolve(in);
    kept.push_back(std::move(specs[i]));
  }
  return kept;
}

}  // namespace

std::vector<LayerSpec> simplify(std::vector<LayerSpec> specs, const BuildOptions& options) {
  if (options.fold_batch_norm) {
    specs = merge_into_producer(std::move(specs), [](LayerSpec& producer, const LayerSpec& s) {
      if (s.kind != OpKind::kBatchNorm || s.activation != ActivationKind::kNone ||
          !absorbs_batch_norm(producer))
        return false;
      producer.bias = true;  // the BN shift becomes the bias; its scale goes into the weights
      return true;
    });
  }
  if (options.fuse_activations) {
    specs = merge_into_producer(std::move(specs), [](LayerSpec& producer, const LayerSpec& s) {
      if (s.kind != OpKind::kActivation || !fusable(s.activation) || !absorbs_activation(producer)) return false;
      producer.activation = s.activation;
      return true;
    });
  }
  return specs;
}

}  // namespace archex::workload
