#pragma once
// The exact shape and count arithmetic of every operator: from a LayerSpec and
// the shapes of its inputs to a Layer (output shape, loop nest, padding, MACs,
// vector ops, parameters). Conventions (documented in docs/workload-format.md):
//  - MACs count multiply-accumulates of conv2d / fully_connected / matmul only.
//  - vector_ops count primitive element operations outside the MAC array
//    (compare, add, multiply, multiply-add, clamp, table lookup: one each;
//    exp, erf, tanh, sqrt, reciprocal and division also one each, and
//    counted again in special_ops, which cost models price separately).
//  - params count weights + biases (+ 2 per channel for an unfolded batch-norm).

#include <vector>

#include "workloads/layer.h"
#include "workloads/layer_spec.h"

namespace archex::workload {

// Throws WorkloadError naming the layer on a shape mismatch or a bad attribute.
Layer make_layer(const LayerSpec& spec, const std::vector<TensorShape>& input_shapes);

// Primitive vector ops per element of an activation function: a clamp (ReLU,
// ReLU6) or a table lookup (sigmoid) is one; hard-sigmoid is a multiply-add
// and a clamp (2); hard-swish is hard-sigmoid and a multiply (3); exact GELU,
// x * 0.5 * (1 + erf(x / sqrt(2))), is a scaling, an erf, an add and two
// multiplies (5: the five nodes torch.onnx exports for it); erf, tanh, exp,
// sqrt and reciprocal are one special-function op each.
int activation_ops_per_element(ActivationKind kind);
// Of activation_ops_per_element, the special-function ops (exp, erf, tanh,
// sqrt, reciprocal): 1 for GELU (its erf) and for those five, else 0.
int special_ops_per_element(ActivationKind kind);

// Whether a layer of this kind can apply an activation to its output as a
// fused post-op (an activation layer applies its own function).
bool can_fuse_activation(OpKind kind);

// "64x56x56"
std::string shape_text(const TensorShape& shape);

}  // namespace archex::workload
