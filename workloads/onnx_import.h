#pragma once
// Importing an ONNX model as a workload (libonnx + ONNX shape inference).
//
// Compute operators become layers: Conv, ConvTranspose, Gemm, MatMul (with a
// weight, or of two activations batched over leading axes: attention),
// pools, ReduceMean / ReduceSum over any axes, element-wise Add / Sub / Sum /
// Mul / Div / Neg / Pow / Where, Softmax, LayerNormalization, Concat (any
// axis, with constants such as a class token), activations (Relu, Clip,
// Sigmoid, HardSigmoid, HardSwish, Gelu, Erf, Tanh, Exp, Sqrt, Reciprocal),
// BatchNormalization, Gather on a weight (an embedding). Transposes that move
// data, Slice / Split / Gather / Expand / Tile / Pad / DepthToSpace of
// activations become copy layers, Resize / Upsample resize layers; views
// (Flatten, Reshape, Squeeze, Unsqueeze, size-1 transposes) reshape layers
// when the (c, h, w) shape changes; Identity, Dropout and Cast pass through;
// operators on constants or tensor shapes only are shape arithmetic, folded
// (onnx_shape_folding.h). docs/workload-format.md has the full table. An
// operator that computes on activations but is not listed is an error naming
// the node and its op type. Initializers need dims, not data; each counts as
// parameters once. Counts are per inference: the batch is 1.

#include <filesystem>
#include <string>

#include "workloads/build_options.h"
#include "workloads/workload.h"

namespace archex::workload {

struct OnnxImportOptions {
  std::string name{};  // workload name; empty: the file stem (or "onnx_model")
  BuildOptions build{};
};

Workload import_onnx_file(const std::filesystem::path& path, const OnnxImportOptions& options = {});
// `serialized` is a ModelProto in protobuf binary form; `source` names it in errors.
Workload import_onnx_bytes(const std::string& serialized, const std::string& source,
                           const OnnxImportOptions& options = {});

}  // namespace archex::workload
