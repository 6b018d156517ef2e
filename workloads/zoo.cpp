#include "workloads/zoo.h"

#include <array>

namespace archex::workload {
namespace {

constexpr std::array<ZooModel, 8> kZoo{{
    {"lenet5", "LeNet-5 (LeCun et al. 1998, fully connected C3), 1x32x32", define_lenet5},
    {"alexnet", "AlexNet (torchvision single-tower variant), 3x224x224", define_alexnet},
    {"alexnet_original", "AlexNet (Krizhevsky 2012 two-tower, grouped CONV2/4/5, as Eyeriss ran it), 3x227x227",
     define_alexnet_original},
    {"vgg16", "VGG-16 (configuration D, torchvision), 3x224x224", define_vgg16},
    {"googlenet", "GoogLeNet / Inception v1 (torchvision, BN, no aux heads), 3x224x224",
     define_googlenet},
    {"resnet50", "ResNet-50 v1.5 (torchvision), 3x224x224", define_resnet50},
    {"mobilenet_v2", "MobileNetV2 1.0 (torchvision), 3x224x224", define_mobilenet_v2},
    {"mobilenet_edgetpu", "MobileNet-EdgeTPU v1 (TF model garden), 3x224x224",
     define_mobilenet_edgetpu},
}};

}  // namespace

std::span<const ZooModel> zoo_models() { return kZoo; }

const ZooModel* find_zoo_model(std::string_view name) {
  for (const ZooModel& m : kZoo)
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace archex::workload
