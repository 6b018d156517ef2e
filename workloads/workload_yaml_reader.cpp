// Reading the workload file format (docs/workload-format.md).

#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "workloads/layer_arithmetic.h"
#include "workloads/op_names.h"
#include "workloads/registry.h"
#include "workloads/workload_builder.h"
#include "workloads/workload_yaml.h"
#include "workloads/workload_yaml_fields.h"

namespace archex::workload {
namespace {

constexpr const char* kFormat = "archex-workload/1";

// Derived values a file may state; checked against what the layer computes.
struct Declared {
  std::string name;
  std::string where;
  std::optional<TensorShape> output;
  std::optional<std::int64_t> macs, params;
};

TensorShape to_shape(const std::vector<std::int64_t>& dims) {
  TensorShape s{dims[0], 1, 1};
  if (dims.size() > 1) s.h = dims[1];
  if (dims.size() > 2) s.w = dims[2];
  return s;
}

bool takes_one_input(OpKind kind) {
  return kind != OpKind::kInput && kind != OpKind::kState && kind != OpKind::kMatMul && kind != OpKind::kAdd &&
         kind != OpKind::kMul && kind != OpKind::kDiv && kind != OpKind::kConcat;
}

// copy, resize and reduce_* layers take their shape from `output`, which is required for them.
void require_output(YamlFields& f, LayerSpec& s, const std::optional<TensorShape>& output) {
  if (!output) f.fail("output", "[channels, height, width] (the field is required)");
  s.shape = *output;
}

void read_window(YamlFields& f, LayerSpec& s, bool kernel_required) {
  if (auto k = f.pair("kernel", 1)) {
    s.kernel_h = k->first;
    s.kernel_w = k->second;
  } else if (kernel_required) {
    f.fail("kernel", "an integer >= 1 or [h, w] (the field is required)");
  }
  // Pooling strides default to the kernel, as in PyTorch; conv strides to 1.
  const bool pool = s.kind == OpKind::kMaxPool || s.kind == OpKind::kAvgPool;
  const auto stride = f.pair("stride", 1);
  s.stride_h = stride ? stride->first : pool ? s.kernel_h : 1;
  s.stride_w = stride ? stride->second : pool ? s.kernel_w : 1;
  if (auto d = f.pair("dilation", 1)) {
    s.dilation_h = d->first;
    s.dilation_w = d->second;
  }
  const bool scalar_padding = f.has("padding") && f.node()["padding"].IsScalar();
  if (scalar_padding && f.node()["padding"].Scalar() == "same") {
    f.optional_text("padding");
    s.same_padding = true;
  } else if (scalar_padding) {
    s.padding = Padding::uniform(*f.integer("padding", 0));
  } else if (auto p = f.integers("padding", 4, 0)) {
    if (p->size() == 1) s.padding = Padding::uniform((*p)[0]);
    else if (p->size() == 2) s.padding = {(*p)[0], (*p)[0], (*p)[1], (*p)[1]};
    else if (p->size() == 4) s.padding = {(*p)[0], (*p)[1], (*p)[2], (*p)[3]};
    else f.fail("padding", "n, [h, w], [top, bottom, left, right] or same");
  }
}

LayerSpec read_layer(const YAML::Node& node, const std::string& source, std::size_t index,
                     const std::string& previous, Declared& declared) {
  YamlFields f(node, source, "layer #" + std::to_string(index + 1));
  LayerSpec s;
  s.name = f.text("name");
  const std::string op = f.text("op");
  f.set_owner("layer '" + s.name + "' (" + op + ")");
  if (op == "flatten") {
    s.kind = OpKind::kReshape;
  } else if (auto kind = parse_op_kind(op)) {
    s.kind = *kind;
  } else {
    f.fail("op", "one of " + op_kind_names() + ", flatten");
  }

  if (auto inputs = f.names("inputs")) {
    s.inputs = std::move(*inputs);
  } else if (takes_one_input(s.kind) && !previous.empty()) {
    s.inputs = {previous};  // default: the layer written before
  } else if (s.kind != OpKind::kInput && s.kind != OpKind::kState) {
    f.fail("inputs", "the names of the input layers (the field is required here)");
  }
  if (auto act = f.optional_text("activation")) {
    auto kind = parse_activation(*act);
    if (!kind) f.fail("activation", "one of " + activation_names());
    s.activation = *kind;
  }

  std::optional<TensorShape> output;
  if (auto out = f.integers("output", 3, 1)) output = to_shape(*out);

  switch (s.kind) {
    case OpKind::kInput:
    case OpKind::kState:
      if (auto dims = f.integers("shape", 3, 1)) s.shape = to_shape(*dims);
      else f.fail("shape", "[channels, height, width] (the field is required)");
      break;
    case OpKind::kMatMul:
      s.groups = f.integer("groups", 1).value_or(1);
      s.in_channels = f.integer("in_channels", 1).value_or(0);
      s.out_channels = f.integer("out_channels", 1).value_or(0);
      if (s.in_channels > 0 && output) s.shape = *output;
      break;
    case OpKind::kSoftmax:
    case OpKind::kLayerNorm:
      s.in_channels = f.integer("axis_length", 1).value_or(0);
      s.constant_elements = f.integer("constant_elements", 0).value_or(0);
      break;
    case OpKind::kReduceMean:
    case OpKind::kReduceSum:
    case OpKind::kCopy:
      require_output(f, s, output);
      break;
    case OpKind::kResize:
      require_output(f, s, output);
      if (auto k = f.pair("kernel", 1)) std::tie(s.kernel_h, s.kernel_w) = *k;
      break;
    case OpKind::kEmbedding:
      s.in_channels = f.integer("vocabulary", 1).value_or(0);
      s.out_channels = f.integer("out_features", 1).value_or(0);
      if (s.in_channels == 0 || s.out_channels == 0)
        f.fail(s.in_channels == 0 ? "vocabulary" : "out_features", "an integer >= 1 (the field is required)");
      s.tied = f.boolean("tied").value_or(false);
      break;
    case OpKind::kConcat:
      s.constant_elements = f.integer("constant_elements", 0).value_or(0);
      if (auto dims = f.integers("shape", 3, 1)) s.shape = to_shape(*dims);
      break;
    case OpKind::kConv2d:
    case OpKind::kConvTranspose:
      s.out_channels = f.integer("out_channels", 1).value_or(0);
      if (s.out_channels == 0) f.fail("out_channels", "an integer >= 1 (the field is required)");
      s.in_channels = f.integer("in_channels", 1).value_or(0);
      s.groups = f.integer("groups", 1).value_or(1);
      s.bias = f.boolean("bias").value_or(false);
      read_window(f, s, true);
      // A transpose's output padding shows as a larger output than the window gives.
      if (s.kind == OpKind::kConvTranspose && output) s.shape = *output;
      break;
    case OpKind::kFullyConnected:
      s.out_channels = f.integer("out_features", 1).value_or(0);
      if (s.out_channels == 0) f.fail("out_features", "an integer >= 1 (the field is required)");
      s.in_channels = f.integer("in_features", 1).value_or(0);
      s.bias = f.boolean("bias").value_or(false);
      break;
    case OpKind::kMaxPool:
    case OpKind::kAvgPool:
      read_window(f, s, true);
      s.ceil_mode = f.boolean("ceil_mode").value_or(false);
      break;
    case OpKind::kAdd:
    case OpKind::kMul:
    case OpKind::kDiv:
      s.constant_elements = f.integer("constant_elements", 0).value_or(0);
      break;
    case OpKind::kActivation:
      if (s.activation == ActivationKind::kNone) f.fail("activation", "one of " + activation_names());
      break;
    case OpKind::kReshape:
      if (op != "flatten") {
        if (auto dims = f.integers("shape", 3, 1)) s.shape = to_shape(*dims);
        else f.fail("shape", "[channels, height, width] (the field is required; or use op: flatten)");
      }
      break;
    default:
      break;
  }

  declared.name = s.name;
  declared.where = yaml_location(source, node);
  declared.output = output;
  declared.macs = f.integer("macs", 0);
  declared.params = f.integer("params", 0);
  f.reject_unknown_fields();
  return s;
}

void check_declared(const Workload& as_written, const std::vector<Declared>& declared) {
  std::unordered_map<std::string, const Layer*> by_name;
  for (const Layer& l : as_written.layers()) by_name.emplace(l.name, &l);
  for (const Declared& d : declared) {
    const Layer& l = *by_name.at(d.name);
    auto mismatch = [&](const char* field, const std::string& stated, const std::string& computed) {
      throw WorkloadError(d.where + ": layer '" + d.name + "': states " + field + " " + stated +
                          " but the layer computes " + computed);
    };
    if (d.output && *d.output != l.output) mismatch("output", shape_text(*d.output), shape_text(l.output));
    if (d.macs && *d.macs != l.macs) mismatch("macs", std::to_string(*d.macs), std::to_string(l.macs));
    if (d.params && *d.params != l.params)
      mismatch("params", std::to_string(*d.params), std::to_string(l.params));
  }
}

}  // namespace

Workload parse_workload_yaml(const std::string& text, const std::string& source,
                             const BuildOptions& options) {
  const YAML::Node root = parse_yaml(text, source);
  if (!root || root.IsNull()) throw WorkloadError(source + ": empty workload file");
  YamlFields top(root, source, "workload");
  const std::string name =
      top.optional_text("name").value_or(std::filesystem::path(source).stem().string());
  if (auto format = top.optional_text("format"); format && *format != kFormat)
    top.fail("format", std::string("'") + kFormat + "'");
  top.optional_text("description");
  const YAML::Node layers = top.list("layers");
  top.reject_unknown_fields();

  WorkloadBuilder builder(name);
  std::vector<Declared> declared(layers.size());
  std::string previous;
  for (std::size_t i = 0; i < layers.size(); ++i)
    previous = builder.add(read_layer(layers[i], source, i, previous, declared[i]));

  try {
    // Stated shapes and counts describe the layers as written, before any simplification.
    const BuildOptions as_written{.bytes_per_element = options.bytes_per_element,
                                  .fold_batch_norm = false, .fuse_activations = false};
    Workload written = builder.build(as_written);
    check_declared(written, declared);
    if (!options.fold_batch_norm && !options.fuse_activations) return written;
    return builder.build(options);
  } catch (const WorkloadError& e) {
    const std::string message = e.what();
    if (message.rfind(source, 0) == 0) throw;
    throw WorkloadError(source + ": " + message);
  }
}

std::string read_text_file(const std::filesystem::path& path) {
  return yaml::read_user_file(path, "workload file", &raise_workload_error);
}

Workload read_workload_file(const std::filesystem::path& path, const BuildOptions& options) {
  return parse_workload_yaml(read_text_file(path), path.string(), options);
}

}  // namespace archex::workload
