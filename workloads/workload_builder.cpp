#include "workloads/workload_builder.h"

#include <functional>
#include <iterator>
#include <queue>
#include <unordered_map>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>

#include "workloads/graph_rewrites.h"
#include "workloads/layer_arithmetic.h"
#include "workloads/liveness.h"
#include "workloads/registry.h"
#include "workloads/utf8.h"
#include "workloads/registry.h"

namespace archex::workload {
namespace {

// Vertex i is spec i; an edge p -> i for every input of i (parallel edges allowed).
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;

// Producer indices of each spec's inputs; rejects empty / duplicate names and
// inputs that name no layer (dangling edges).
std::vector<std::vector<std::size_t>> resolve_inputs(const std::string& workload,
                                                     const std::vector<LayerSpec>& specs) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].name.empty())
      throw WorkloadError("workload '" + workload + "': layer #" + std::to_string(i + 1) +
                          " has no name");
    // Names go into JSON and onto terminals: text, not arbitrary bytes.
    if (!is_valid_utf8(specs[i].name))
      throw WorkloadError("workload '" + workload + "': the name of layer #" + std::to_string(i + 1) +
                          " is not UTF-8 text");
    if (!index.emplace(specs[i].name, i).second)
      throw WorkloadError("workload '" + workload + "': layer name '" + specs[i].name +
                          "' is used twice");
  }
  std::vector<std::vector<std::size_t>> preds(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    for (const auto& in : specs[i].inputs) {
      auto it = index.find(in);
      if (it == index.end())
        throw WorkloadError("workload '" + workload + "': layer '" + specs[i].name +
                            "' reads input '" + in + "', which is not a layer");
      preds[i].push_back(it->second);
    }
  }
  return preds;
}

Graph make_graph(const std::vector<std::vector<std::size_t>>& preds) {
  Graph g(preds.size());
  for (std::size_t i = 0; i < preds.size(); ++i)
    for (std::size_t p : preds[i]) boost::add_edge(p, i, g);
  return g;
}

struct CycleFound {
  Vertex from, to;  // the back edge from -> to closes the cycle
};

class CycleVisitor : public boost::default_dfs_visitor {
 public:
  explicit CycleVisitor(std::vector<Vertex>& parent) : parent_(&parent) {}
  void tree_edge(boost::graph_traits<Graph>::edge_descriptor e, const Graph& g) {
    (*parent_)[boost::target(e, g)] = boost::source(e, g);
  }
  void back_edge(boost::graph_traits<Graph>::edge_descriptor e, const Graph& g) {
    throw CycleFound{boost::source(e, g), boost::target(e, g)};
  }

 private:
  std::vector<Vertex>* parent_;
};

void reject_cycles(const std::string& workload, const std::vector<LayerSpec>& specs,
                   const Graph& g) {
  std::vector<Vertex> parent(boost::num_vertices(g));
  try {
    boost::depth_first_search(g, boost::visitor(CycleVisitor(parent)));
  } catch (const CycleFound& cycle) {
    // Walk the DFS tree from the back edge's source up to its target.
    std::vector<Vertex> path{cycle.from};
    while (path.back() != cycle.to) path.push_back(parent[path.back()]);
    std::string text = "'" + specs[cycle.to].name + "'";
    for (auto it = std::next(path.rbegin()); it != path.rend(); ++it)
      text += " -> '" + specs[*it].name + "'";
    text += " -> '" + specs[cycle.to].name + "'";
    throw WorkloadError("workload '" + workload + "': layers form a cycle: " + text);
  }
}

// Kahn's algorithm, always taking the earliest-declared ready layer, so a
// file already in execution order keeps its order.
std::vector<std::size_t> topological_order(const Graph& g) {
  const std::size_t n = boost::num_vertices(g);
  std::vector<std::size_t> waiting(n);
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  for (std::size_t v = 0; v < n; ++v) {
    waiting[v] = boost::in_degree(v, g);
    if (waiting[v] == 0) ready.push(v);
  }
  std::vector<std::size_t> order;
  order.reserve(n);
  while (!ready.empty()) {
    const std::size_t v = ready.top();
    ready.pop();
    order.push_back(v);
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e)
      if (--waiting[boost::target(*e, g)] == 0) ready.push(boost::target(*e, g));
  }
  return order;
}

LayerSpec window_spec(std::string name, OpKind kind, const std::string& input, std::int64_t kernel,
                      std::int64_t stride, std::int64_t padding) {
  LayerSpec s;
  s.name = std::move(name);
  s.kind = kind;
  s.inputs = {input};
  s.kernel_h = s.kernel_w = kernel;
  s.stride_h = s.stride_w = stride;
  s.padding = Padding::uniform(padding);
  return s;
}

LayerSpec simple_spec(std::string name, OpKind kind, std::vector<std::string> inputs) {
  LayerSpec s;
  s.name = std::move(name);
  s.kind = kind;
  s.inputs = std::move(inputs);
  return s;
}

}  // namespace

void BuildOptions::validate() const {
  if (bytes_per_element != 1 && bytes_per_element != 2)
    throw WorkloadError("bytes_per_element = " + std::to_string(bytes_per_element) +
                        ": expected 1 (int8) or 2 (16-bit)");
}

const std::string& WorkloadBuilder::add(LayerSpec spec) {
  specs_.push_back(std::move(spec));
  return specs_.back().name;
}

const std::string& WorkloadBuilder::input(std::string name, TensorShape shape) {
  LayerSpec s = simple_spec(std::move(name), OpKind::kInput, {});
  s.shape = shape;
  return add(std::move(s));
}

const std::string& WorkloadBuilder::conv2d(std::string name, const std::string& input,
                                           const ConvParams& p) {
  LayerSpec s = window_spec(std::move(name), OpKind::kConv2d, input, p.kernel, p.stride, p.padding);
  s.out_channels = p.out_channels;
  s.groups = p.groups;
  s.bias = p.bias;
  s.same_padding = p.same_padding;
  return add(std::move(s));
}

const std::string& WorkloadBuilder::fully_connected(std::string name, const std::string& input,
                                                    std::int64_t out_features, bool bias) {
  LayerSpec s = simple_spec(std::move(name), OpKind::kFullyConnected, {input});
  s.out_channels = out_features;
  s.bias = bias;
  return add(std::move(s));
}

const std::string& WorkloadBuilder::max_pool(std::string name, const std::string& input,
                                             const PoolParams& p) {
  LayerSpec s = window_spec(std::move(name), OpKind::kMaxPool, input, p.kernel, p.stride, p.padding);
  s.ceil_mode = p.ceil_mode;
  return add(std::move(s));
}

const std::string& WorkloadBuilder::avg_pool(std::string name, const std::string& input,
                                             const PoolParams& p) {
  LayerSpec s = window_spec(std::move(name), OpKind::kAvgPool, input, p.kernel, p.stride, p.padding);
  s.ceil_mode = p.ceil_mode;
  return add(std::move(s));
}

const std::string& WorkloadBuilder::global_avg_pool(std::string name, const std::string& input) {
  return add(simple_spec(std::move(name), OpKind::kGlobalAvgPool, {input}));
}

const std::string& WorkloadBuilder::batch_norm(std::string name, const std::string& input) {
  return add(simple_spec(std::move(name), OpKind::kBatchNorm, {input}));
}

const std::string& WorkloadBuilder::activation(std::string name, const std::string& input,
                                               ActivationKind kind) {
  LayerSpec s = simple_spec(std::move(name), OpKind::kActivation, {input});
  s.activation = kind;
  return add(std::move(s));
}

const std::string& WorkloadBuilder::add_tensors(std::string name, std::vector<std::string> inputs) {
  return add(simple_spec(std::move(name), OpKind::kAdd, std::move(inputs)));
}

const std::string& WorkloadBuilder::mul_tensors(std::string name, std::vector<std::string> inputs) {
  return add(simple_spec(std::move(name), OpKind::kMul, std::move(inputs)));
}

const std::string& WorkloadBuilder::concat(std::string name, std::vector<std::string> inputs) {
  return add(simple_spec(std::move(name), OpKind::kConcat, std::move(inputs)));
}

const std::string& WorkloadBuilder::flatten(std::string name, const std::string& input) {
  return add(simple_spec(std::move(name), OpKind::kReshape, {input}));  // shape.c == 0: flatten
}

Workload WorkloadBuilder::build(const BuildOptions& options) const {
  options.validate();
  if (specs_.empty()) throw WorkloadError("workload '" + name_ + "' has no layers");
  if (name_.empty() || !is_valid_utf8(name_)) throw WorkloadError("a workload's name must be non-empty UTF-8 text");
  reject_cycles(name_, specs_, make_graph(resolve_inputs(name_, specs_)));

  const std::vector<LayerSpec> specs = simplify(specs_, options);
  const auto preds = resolve_inputs(name_, specs);
  const std::vector<std::size_t> order = topological_order(make_graph(preds));

  Workload w;
  w.name_ = name_;
  w.bytes_per_element_ = options.bytes_per_element;
  w.layers_.reserve(order.size());
  w.predecessors_.reserve(order.size());
  std::vector<std::size_t> position(specs.size());
  std::vector<TensorShape> shapes;
  for (std::size_t spec_index : order) {
    std::vector<std::size_t> producers;
    shapes.clear();
    for (std::size_t p : preds[spec_index]) {
      producers.push_back(position[p]);
      shapes.push_back(w.layers_[position[p]].output);
    }
    position[spec_index] = w.layers_.size();
    w.layers_.push_back(make_layer(specs[spec_index], shapes));
    Layer& added = w.layers_.back();
    added.state_operand = added.kind == OpKind::kMatMul && producers.size() == 2 &&
                          w.layers_[producers[1]].kind == OpKind::kState;
    w.predecessors_.push_back(std::move(producers));
    if (__builtin_add_overflow(w.total_macs_, added.macs, &w.total_macs_) ||
        __builtin_add_overflow(w.total_params_, added.params, &w.total_params_))
      throw WorkloadError("workload '" + w.name_ + "': its total operation or parameter count overflows 64 bits");
  }
  w.peak_activation_bytes_ =
      peak_activation_bytes(w.layers_, w.predecessors_, options.bytes_per_element);
  return w;
}

}  // namespace archex::workload
