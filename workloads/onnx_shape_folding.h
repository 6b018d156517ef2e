#pragma once
// Internal to the ONNX importer: shape inference that sees through the shape
// arithmetic of torch exports.
//
// torch.onnx computes the arguments of Expand, Reshape and Slice at run time
// from Shape nodes (x.expand(n, -1, -1) becomes Shape -> Gather -> Concat ->
// Equal -> Where -> ConstantOfShape -> Expand; x.chunk(2) computes its slice
// ends from Shape -> Div). ONNX's data propagation leaves those dims
// symbolic. With fixed input sizes they are constants: this evaluates such
// integer tensors (index and shape values, never activation data), replaces
// each node it evaluated by an initializer holding the result, and runs ONNX
// shape inference again until nothing new folds.

#include <onnx/onnx_pb.h>

namespace archex::workload::onnx_detail {

// Leaves the graph's value_info with every shape inference can find. Shape
// inference failing is not an error: the importer checks the shapes it needs.
void infer_shapes(onnx::ModelProto& model);

}  // namespace archex::workload::onnx_detail
