#pragma once
// Internal to the ONNX importer: reading dims and (optional) data of ONNX
// tensors and mapping ONNX shapes onto TensorShape.

#include <cstdint>
#include <optional>
#include <vector>

#include <onnx/onnx_pb.h>

#include "workloads/layer.h"

namespace archex::workload::onnx_detail {

// Dims of a value's type; -1 for an unknown or symbolic dimension.
std::optional<std::vector<std::int64_t>> type_dims(const onnx::TypeProto& type);
std::vector<std::int64_t> tensor_dims(const onnx::TensorProto& tensor);
std::int64_t element_count(const std::vector<std::int64_t>& dims);

// The values of a tensor that carries data (float, double, int32, int64),
// or nullopt when it carries none (weights stored without data) or another type.
std::optional<std::vector<double>> tensor_values(const onnx::TensorProto& tensor);

// Batch-1 activation shapes (layer.h): [N, C, H, W] -> c x h x w; [N, M, C]
// (tokens) -> C x M x 1; [N, F] and [F] -> F x 1 x 1; [N, A, B, H, W] -> A*B x
// H x W (higher ranks fold their leading axes into c). The leading dim of a
// tensor of rank >= 2 is the batch N when it is 1 or symbolic, else data:
// [G, M, K] (a batch-first attention product) is G x M x K. nullopt for a
// scalar or unknown dims.
std::optional<TensorShape> to_tensor_shape(const std::vector<std::int64_t>& dims);

}  // namespace archex::workload::onnx_detail
