#include "tests/workloads/onnx_graph_builder.h"

namespace archex::workload::testing {
namespace {

// prefix + n, built by appending (GCC 12 warns falsely on "literal" + std::string&&).
std::string numbered(const std::string& prefix, int n) {
  std::string name = prefix;
  name += std::to_string(n);
  return name;
}

}  // namespace

OnnxGraphBuilder::OnnxGraphBuilder(std::string graph_name, int opset) {
  model_.set_ir_version(7);
  model_.set_producer_name("pytorch");
  auto* op = model_.add_opset_import();
  op->set_domain("");
  op->set_version(opset);
  graph_ = model_.mutable_graph();
  graph_->set_name(std::move(graph_name));
}

std::string OnnxGraphBuilder::fresh(const std::string& prefix) {
  return numbered("/" + prefix + "_", ++counter_) + "/output_0";
}

std::string OnnxGraphBuilder::keep_shape(const std::string& from, const std::string& to) {
  shapes_[to] = shapes_.at(from);
  return to;
}

std::string OnnxGraphBuilder::input(const std::string& name, const std::vector<std::int64_t>& dims) {
  auto* in = graph_->add_input();
  in->set_name(name);
  auto* tensor = in->mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(onnx::TensorProto::FLOAT);
  for (std::int64_t d : dims) {
    auto* dim = tensor->mutable_shape()->add_dim();
    if (d < 0) dim->set_dim_param("batch_size");
    else dim->set_dim_value(d);
  }
  if (dims.size() == 4) shapes_[name] = {dims[1], dims[2], dims[3]};
  return name;
}

std::string OnnxGraphBuilder::weight(const std::string& name, const std::vector<std::int64_t>& dims) {
  auto* t = graph_->add_initializer();
  t->set_name(name);
  t->set_data_type(onnx::TensorProto::FLOAT);
  for (std::int64_t d : dims) t->add_dims(d);
  return name;
}

onnx::TensorProto* OnnxGraphBuilder::constant_node(std::string& out) {
  out = fresh("Constant");
  auto* n = graph_->add_node();
  n->set_op_type("Constant");
  n->add_output(out);
  auto* a = n->add_attribute();
  a->set_name("value");
  a->set_type(onnx::AttributeProto::TENSOR);
  return a->mutable_t();
}

std::string OnnxGraphBuilder::constant_floats(const std::vector<float>& values,
                                              const std::vector<std::int64_t>& dims) {
  std::string out;
  onnx::TensorProto* t = constant_node(out);
  t->set_data_type(onnx::TensorProto::FLOAT);
  for (std::int64_t d : dims) t->add_dims(d);
  for (float v : values) t->add_float_data(v);
  return out;
}

std::string OnnxGraphBuilder::constant_ints(const std::vector<std::int64_t>& values, bool scalar) {
  std::string out;
  onnx::TensorProto* t = constant_node(out);
  t->set_data_type(onnx::TensorProto::INT64);
  if (!scalar) t->add_dims(static_cast<std::int64_t>(values.size()));
  for (std::int64_t v : values) t->add_int64_data(v);
  return out;
}

std::string OnnxGraphBuilder::node(const std::string& op, const std::vector<std::string>& inputs,
                                   const std::vector<Attr>& attrs) {
  const std::string out = fresh(op);
  auto* n = graph_->add_node();
  n->set_op_type(op);
  n->set_name(out.substr(0, out.rfind('/')));
  for (const auto& in : inputs) n->add_input(in);
  n->add_output(out);
  for (const Attr& attr : attrs) {
    auto* a = n->add_attribute();
    a->set_name(attr.name);
    if (!attr.text.empty()) {
      a->set_type(onnx::AttributeProto::STRING);
      a->set_s(attr.text);
    } else if (attr.as_list) {
      a->set_type(onnx::AttributeProto::INTS);
      for (std::int64_t v : attr.ints) a->add_ints(v);
    } else {
      a->set_type(onnx::AttributeProto::INT);
      a->set_i(attr.ints.at(0));
    }
  }
  return out;
}

std::string OnnxGraphBuilder::conv(const std::string& x, std::int64_t out, std::int64_t kernel,
                                   std::int64_t stride, std::int64_t groups, bool bias) {
  const Shape in = shapes_.at(x);
  const std::int64_t pad = (kernel - 1) / 2;
  const std::string w = weight(numbered("w", counter_ + 1), {out, in.c / groups, kernel, kernel});
  std::vector<std::string> inputs{x, w};
  if (bias) inputs.push_back(weight(numbered("b", counter_ + 1), {out}));
  const std::string y = node("Conv", inputs,
                             {{"dilations", {1, 1}},
                              {"group", {groups}, false},
                              {"kernel_shape", {kernel, kernel}},
                              {"pads", {pad, pad, pad, pad}},
                              {"strides", {stride, stride}}});
  const Shape o{out, (in.h + 2 * pad - kernel) / stride + 1, (in.w + 2 * pad - kernel) / stride + 1};
  shapes_[y] = o;
  macs += o.c * o.h * o.w * (in.c / groups) * kernel * kernel;
  weights += out * (in.c / groups) * kernel * kernel + (bias ? out : 0);
  return y;
}

std::string OnnxGraphBuilder::batch_norm(const std::string& x) {
  const std::int64_t c = shapes_.at(x).c;
  std::vector<std::string> inputs{x};
  for (const char* part : {"scale", "bias", "mean", "var"})
    inputs.push_back(weight(numbered(std::string("bn_") + part, counter_ + 1), {c}));
  bn_channels += c;
  return keep_shape(x, node("BatchNormalization", inputs));
}

std::string OnnxGraphBuilder::relu6(const std::string& x) {
  const std::string low = constant_floats({0.0f}, {});
  const std::string high = constant_floats({6.0f}, {});
  return keep_shape(x, node("Clip", {x, low, high}));
}

std::string OnnxGraphBuilder::silu(const std::string& x) {
  return mul(x, sigmoid(x));
}

std::string OnnxGraphBuilder::max_pool(const std::string& x, std::int64_t kernel, std::int64_t stride,
                                       std::int64_t pad, bool ceil_mode) {
  const Shape in = shapes_.at(x);
  const std::string y = node("MaxPool", {x},
                             {{"ceil_mode", {ceil_mode ? 1 : 0}, false},
                              {"kernel_shape", {kernel, kernel}},
                              {"pads", {pad, pad, pad, pad}},
                              {"strides", {stride, stride}}});
  auto size = [&](std::int64_t n) {
    const std::int64_t span = n + 2 * pad - kernel;
    std::int64_t out = (ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
    if (ceil_mode && (out - 1) * stride >= n + pad) --out;
    return out;
  };
  shapes_[y] = {in.c, size(in.h), size(in.w)};
  return y;
}

std::string OnnxGraphBuilder::global_avg_pool(const std::string& x) {
  const std::string y = node("GlobalAveragePool", {x});
  shapes_[y] = {shapes_.at(x).c, 1, 1};
  return y;
}

std::string OnnxGraphBuilder::reduce_mean_hw(const std::string& x) {
  const std::string y = node("ReduceMean", {x}, {{"axes", {2, 3}}, {"keepdims", {1}, false}});
  shapes_[y] = {shapes_.at(x).c, 1, 1};
  return y;
}

std::string OnnxGraphBuilder::concat(const std::vector<std::string>& xs) {
  const std::string y = node("Concat", xs, {{"axis", {1}, false}});
  Shape s = shapes_.at(xs.front());
  s.c = 0;
  for (const auto& x : xs) s.c += shapes_.at(x).c;
  shapes_[y] = s;
  return y;
}

std::string OnnxGraphBuilder::flatten(const std::string& x) {
  const Shape in = shapes_.at(x);
  const std::string y = node("Flatten", {x}, {{"axis", {1}, false}});
  shapes_[y] = {in.c * in.h * in.w, 1, 1};
  return y;
}

std::string OnnxGraphBuilder::view_flatten(const std::string& x) {
  const Shape in = shapes_.at(x);
  const std::string shape = node("Shape", {x});
  const std::string batch = node("Gather", {shape, constant_ints({0}, true)}, {{"axis", {0}, false}});
  const std::string batch_1d = node("Unsqueeze", {batch, constant_ints({0})});
  const std::string target = node("Concat", {batch_1d, constant_ints({-1})}, {{"axis", {0}, false}});
  const std::string y = node("Reshape", {x, target});
  shapes_[y] = {in.c * in.h * in.w, 1, 1};
  return y;
}

std::string OnnxGraphBuilder::gemm(const std::string& x, std::int64_t out) {
  const Shape in = shapes_.at(x);
  const std::int64_t features = in.c * in.h * in.w;
  const std::string w = weight(numbered("fc_w", counter_ + 1), {out, features});
  const std::string b = weight(numbered("fc_b", counter_ + 1), {out});
  const std::string y = node("Gemm", {x, w, b}, {{"transB", {1}, false}});
  shapes_[y] = {out, 1, 1};
  macs += out * features;
  weights += out * features + out;
  return y;
}

onnx::ModelProto OnnxGraphBuilder::model(const std::string& output) {
  onnx::ModelProto m = model_;
  auto* out = m.mutable_graph()->add_output();
  out->set_name(output);
  if (!shapes_.count(output)) return m;
  auto* tensor = out->mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(onnx::TensorProto::FLOAT);
  tensor->mutable_shape()->add_dim()->set_dim_param("batch_size");
  tensor->mutable_shape()->add_dim()->set_dim_value(shapes_.at(output).c);
  return m;
}

std::string OnnxGraphBuilder::serialized(const std::string& output) {
  std::string bytes;
  model(output).SerializeToString(&bytes);
  return bytes;
}

}  // namespace archex::workload::testing
