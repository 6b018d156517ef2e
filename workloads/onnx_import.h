#pragma once
// Importing an ONNX model as a workload (libonnx + ONNX shape inference).
//
// Compute operators become layers: Conv, Gemm, MatMul, MaxPool, AveragePool,
// GlobalAveragePool, GlobalMaxPool, ReduceMean over H and W, Add / Sub / Sum,
// Mul / Div, Concat (channels), Relu, Clip, Sigmoid, HardSigmoid, HardSwish,
// BatchNormalization. Flatten / Reshape / Transpose / Squeeze / Unsqueeze
// become reshape layers (views, no compute) when they change the (c, h, w)
// shape; Identity, Dropout and Cast pass their input through; operators on
// constants or tensor shapes only (Constant, Shape, Gather, Slice, Concat, ...
// of shapes) are left to shape inference. Initializers need dims, not data. An
// operator that computes on activations but is not listed is an error naming
// the node and its op type. Counts are per inference: the batch is 1.

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
