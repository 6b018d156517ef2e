#pragma once
// The built-in model zoo: classic and mobile CNNs defined layer by layer, each
// citing the source and variant it reproduces (see the definitions).

#include <span>
#include <string_view>

#include "workloads/workload_builder.h"

namespace archex::workload {

struct ZooModel {
  std::string_view name;
  std::string_view summary;  // one line: model, variant, input size
  WorkloadBuilder (*define)();
};

std::span<const ZooModel> zoo_models();
const ZooModel* find_zoo_model(std::string_view name);  // nullptr if not in the zoo

WorkloadBuilder define_lenet5();
WorkloadBuilder define_alexnet();
WorkloadBuilder define_alexnet_original();
WorkloadBuilder define_vgg16();
WorkloadBuilder define_googlenet();
WorkloadBuilder define_resnet50();
WorkloadBuilder define_mobilenet_v2();
WorkloadBuilder define_mobilenet_edgetpu();

}  // namespace archex::workload
