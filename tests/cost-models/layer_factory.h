#pragma once
// Hand-built layers for cost-model tests, filled the way the workload builder
// fills them (loop nest, counts, shapes), so tests do not depend on the zoo.

#include <cstdint>
#include <string>
#include <vector>

#include "workloads/layer.h"

namespace archex::cost::testing {

workload::Layer input_layer(const std::string& name, std::int64_t c, std::int64_t h, std::int64_t w);
// 2-D convolution (groups == cin is depthwise), no bias.
workload::Layer conv_layer(const std::string& name, std::int64_t cin, std::int64_t h, std::int64_t w,
                           std::int64_t cout, std::int64_t kernel, std::int64_t stride, std::int64_t pad,
                           std::int64_t groups = 1);
workload::Layer fc_layer(const std::string& name, std::int64_t in, std::int64_t out);
workload::Layer add_layer(const std::string& name, std::int64_t c, std::int64_t h, std::int64_t w);
workload::Layer global_pool_layer(const std::string& name, std::int64_t c, std::int64_t h, std::int64_t w);

// A small MobileNetV2-like network: stem conv, inverted-residual blocks
// (pointwise expand, depthwise 3x3, pointwise project, residual add), pool, FC.
std::vector<workload::Layer> mini_mobilenet();

}  // namespace archex::cost::testing
