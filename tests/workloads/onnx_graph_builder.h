#pragma once
// Test fixture: builds ONNX models in memory with the ONNX protobuf API, in the
// style of torch.onnx.export, and tallies the conv + linear MACs and parameters
// of what it builds with its own (deliberately separate) arithmetic.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

namespace archex::workload::testing {

struct Attr {
  std::string name;
  std::vector<std::int64_t> ints;  // one value: an int attribute (unless as_list)
  bool as_list = true;
  std::string text{};              // a string attribute when non-empty
};

class OnnxGraphBuilder {
 public:
  explicit OnnxGraphBuilder(std::string graph_name, int opset = 13);

  // Graph input; a dim of -1 is symbolic ("batch_size").
  std::string input(const std::string& name, const std::vector<std::int64_t>& dims);
  // A float weight with dims but no data, as large exports keep them external.
  std::string weight(const std::string& name, const std::vector<std::int64_t>& dims);
  std::string constant_floats(const std::vector<float>& values, const std::vector<std::int64_t>& dims);
  // A 1-D int64 constant, or a scalar (rank 0) when `scalar` and one value.
  std::string constant_ints(const std::vector<std::int64_t>& values, bool scalar = false);
  std::string node(const std::string& op, const std::vector<std::string>& inputs,
                   const std::vector<Attr>& attrs = {});

  // Layers in torchvision style. `c`, `h`, `w` of values are tracked here.
  struct Shape {
    std::int64_t c = 0, h = 0, w = 0;
  };
  std::string conv(const std::string& x, std::int64_t out, std::int64_t kernel, std::int64_t stride = 1,
                   std::int64_t groups = 1, bool bias = true);
  std::string batch_norm(const std::string& x);
  std::string relu(const std::string& x) { return keep_shape(x, node("Relu", {x})); }
  std::string relu6(const std::string& x);  // Clip with min / max inputs (opset >= 11)
  std::string silu(const std::string& x);   // Sigmoid + Mul
  std::string sigmoid(const std::string& x) { return keep_shape(x, node("Sigmoid", {x})); }
  std::string add(const std::string& a, const std::string& b) { return keep_shape(a, node("Add", {a, b})); }
  std::string mul(const std::string& a, const std::string& b) { return keep_shape(a, node("Mul", {a, b})); }
  std::string max_pool(const std::string& x, std::int64_t kernel, std::int64_t stride, std::int64_t pad,
                       bool ceil_mode = false);
  std::string global_avg_pool(const std::string& x);
  std::string reduce_mean_hw(const std::string& x);  // ReduceMean axes (2, 3), keepdims
  std::string concat(const std::vector<std::string>& xs);
  std::string flatten(const std::string& x);
  // x.view(x.size(0), -1): Shape -> Gather -> Unsqueeze -> Concat(-1) -> Reshape.
  std::string view_flatten(const std::string& x);
  std::string gemm(const std::string& x, std::int64_t out);
  std::string dropout(const std::string& x) { return keep_shape(x, node("Dropout", {x})); }

  const Shape& shape(const std::string& value) const { return shapes_.at(value); }
  // The model with `output` as graph output (typed when its shape is tracked).
  onnx::ModelProto model(const std::string& output);
  std::string serialized(const std::string& output);

  // Independent tallies of what was built.
  std::int64_t macs = 0;
  std::int64_t weights = 0;       // conv / linear weights and biases
  std::int64_t bn_channels = 0;   // channels of BatchNormalization nodes built

 private:
  std::string fresh(const std::string& prefix);
  // Adds a Constant node; sets `out` to its output and returns its value tensor.
  onnx::TensorProto* constant_node(std::string& out);
  std::string keep_shape(const std::string& from, const std::string& to);

  onnx::ModelProto model_;
  onnx::GraphProto* graph_;
  std::map<std::string, Shape> shapes_;
  int counter_ = 0;
};

// torchvision-style exports of whole models. Each returns the builder with the
// model built; `output` is the logits value.
struct BuiltModel {
  OnnxGraphBuilder graph;
  std::string output;
};
BuiltModel mobilenet_v2_export();   // BN folded into conv bias, ReLU6 as Clip, view-flatten
BuiltModel resnet50_export();       // BatchNormalization kept, Flatten
BuiltModel googlenet_export();      // BN folded, ceil-mode pools, Concat, Flatten, Dropout
BuiltModel efficientnet_b0_export();  // BN kept, SiLU as Sigmoid+Mul, SE with ReduceMean

}  // namespace archex::workload::testing
