// Writing the workload file format (docs/workload-format.md): one flow map per
// layer with the attributes that define it plus its derived output and counts.

#include <fstream>
#include <string>
#include <system_error>

#include <yaml-cpp/yaml.h>

#include "workloads/layer_arithmetic.h"
#include "workloads/op_names.h"
#include "workloads/registry.h"
#include "workloads/workload_yaml.h"

namespace archex::workload {
namespace {

void emit_pair(YAML::Emitter& out, const char* key, std::int64_t h, std::int64_t w, std::int64_t omit_if) {
  if (h == omit_if && w == omit_if) return;
  out << YAML::Key << key << YAML::Value;
  if (h == w) out << h;
  else out << YAML::Flow << YAML::BeginSeq << h << w << YAML::EndSeq;
}

void emit_shape(YAML::Emitter& out, const char* key, const TensorShape& s) {
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq << s.c << s.h << s.w
      << YAML::EndSeq;
}

void emit_window(YAML::Emitter& out, const Layer& l) {
  emit_pair(out, "kernel", l.loops.kernel_h, l.loops.kernel_w, 0);
  // A pool's stride defaults to its kernel when read, so it is always written.
  emit_pair(out, "stride", l.loops.stride_h, l.loops.stride_w, l.kind == OpKind::kConv2d ? 1 : 0);
  emit_pair(out, "dilation", l.loops.dilation_h, l.loops.dilation_w, 1);
  if (l.pad_top == l.pad_bottom && l.pad_left == l.pad_right) {
    emit_pair(out, "padding", l.pad_top, l.pad_left, 0);
  } else {
    out << YAML::Key << "padding" << YAML::Value << YAML::Flow << YAML::BeginSeq << l.pad_top
        << l.pad_bottom << l.pad_left << l.pad_right << YAML::EndSeq;
  }
}

void emit_attributes(YAML::Emitter& out, const Layer& l) {
  const LoopNest& n = l.loops;
  switch (l.kind) {
    case OpKind::kInput:
      emit_shape(out, "shape", l.output);
      break;
    case OpKind::kConv2d:
    case OpKind::kConvTranspose: {  // the same fields; a transpose's window runs backwards
      const std::int64_t weights = n.groups * n.out_channels * n.in_channels * n.kernel_h * n.kernel_w;
      out << YAML::Key << "out_channels" << YAML::Value << l.output.c;
      out << YAML::Key << "in_channels" << YAML::Value << l.inputs.front().c;
      emit_window(out, l);
      if (n.groups != 1) out << YAML::Key << "groups" << YAML::Value << n.groups;
      if (l.params > weights) out << YAML::Key << "bias" << YAML::Value << true;
      break;
    }
    case OpKind::kFullyConnected:
      out << YAML::Key << "out_features" << YAML::Value << n.out_channels;
      out << YAML::Key << "in_features" << YAML::Value << n.in_channels;
      if (l.params > n.out_channels * n.in_channels) out << YAML::Key << "bias" << YAML::Value << true;
      break;
    case OpKind::kMaxPool:
    case OpKind::kAvgPool:
      emit_window(out, l);
      break;
    case OpKind::kAdd:
    case OpKind::kMul:
    case OpKind::kDiv:
    case OpKind::kLayerNorm:
      if (l.params > 0) out << YAML::Key << "constant_elements" << YAML::Value << l.params;
      if (l.kind == OpKind::kLayerNorm) out << YAML::Key << "axis_length" << YAML::Value << n.in_channels;
      break;
    case OpKind::kSoftmax:
      out << YAML::Key << "axis_length" << YAML::Value << n.in_channels;
      break;
    case OpKind::kState:
      emit_shape(out, "shape", l.output);
      break;
    case OpKind::kMatMul:
      if (n.groups != 1) out << YAML::Key << "groups" << YAML::Value << n.groups;
      out << YAML::Key << "in_channels" << YAML::Value << n.in_channels;
      out << YAML::Key << "out_channels" << YAML::Value << n.out_channels;
      break;
    case OpKind::kResize:
      emit_pair(out, "kernel", n.kernel_h, n.kernel_w, 1);
      break;
    case OpKind::kEmbedding:
      out << YAML::Key << "vocabulary" << YAML::Value << n.in_channels;
      out << YAML::Key << "out_features" << YAML::Value << n.out_channels;
      if (l.params == 0) out << YAML::Key << "tied" << YAML::Value << true;
      break;
    case OpKind::kConcat: {
      if (l.params > 0) out << YAML::Key << "constant_elements" << YAML::Value << l.params;
      // Not a plain channel concat (another axis, or constant operands): the output is stated.
      std::int64_t channels = 0;
      bool same_size = true;
      for (const auto& in : l.inputs) channels += in.c, same_size &= in.h == l.output.h && in.w == l.output.w;
      if (l.params > 0 || !same_size || channels != l.output.c) emit_shape(out, "shape", l.output);
      break;
    }
    case OpKind::kReshape:
      emit_shape(out, "shape", l.output);
      break;
    default:
      break;
  }
}

}  // namespace

std::string workload_to_yaml(const Workload& workload) {
  YAML::Emitter out;
  out << YAML::Comment("archex workload (format: docs/workload-format.md). " +
                       std::to_string(workload.layers().size()) + " layers, " +
                       std::to_string(workload.total_macs()) + " MACs, " +
                       std::to_string(workload.total_params()) + " parameters");
  out << YAML::BeginMap;
  out << YAML::Key << "format" << YAML::Value << "archex-workload/1";
  out << YAML::Key << "name" << YAML::Value << workload.name();
  out << YAML::Key << "layers" << YAML::Value << YAML::BeginSeq;
  const auto layers = workload.layers();
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const Layer& l = layers[i];
    out << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << l.name;
    out << YAML::Key << "op" << YAML::Value << std::string(op_kind_name(l.kind));
    if (!workload.predecessors()[i].empty()) {
      out << YAML::Key << "inputs" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (std::size_t p : workload.predecessors()[i]) out << layers[p].name;
      out << YAML::EndSeq;
    }
    emit_attributes(out, l);
    if (l.activation != ActivationKind::kNone)
      out << YAML::Key << "activation" << YAML::Value << std::string(activation_name(l.activation));
    if (l.kind != OpKind::kInput) emit_shape(out, "output", l.output);
    if (l.macs != 0) out << YAML::Key << "macs" << YAML::Value << l.macs;
    if (l.params != 0) out << YAML::Key << "params" << YAML::Value << l.params;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

void write_workload_file(const Workload& workload, const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) throw WorkloadError("cannot create directory '" + path.parent_path().string() + "': " + ec.message());
  const std::filesystem::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << workload_to_yaml(workload);
    out.close();
    if (!out) throw WorkloadError("cannot write '" + temporary.string() + "'");
  }
  std::filesystem::rename(temporary, path, ec);
  if (ec) throw WorkloadError("cannot write '" + path.string() + "': " + ec.message());
}

}  // namespace archex::workload
