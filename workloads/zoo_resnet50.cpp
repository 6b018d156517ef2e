// ResNet-50 as torchvision.models.resnet50.

#include <array>
#include <string>

#include "workloads/zoo.h"
#include "workloads/zoo_blocks.h"

namespace archex::workload {

// He et al., "Deep Residual Learning for Image Recognition", CVPR 2016,
// Table 1, 50-layer column, in the torchvision.models.resnet50 variant
// ("v1.5": the stride-2 of a down-sampling bottleneck sits on its 3x3 conv,
// not its first 1x1). Published: 25,557,032 parameters, 4.09 GFLOPs.
WorkloadBuilder define_resnet50() {
  constexpr auto kRelu = ActivationKind::kRelu;
  constexpr auto kNone = ActivationKind::kNone;
  struct Stage {
    int blocks;
    std::int64_t planes;
    std::int64_t stride;
  };
  constexpr std::array<Stage, 4> kStages{{{3, 64, 1}, {4, 128, 2}, {6, 256, 2}, {3, 512, 2}}};
  constexpr std::int64_t kExpansion = 4;

  WorkloadBuilder b("resnet50");
  std::string x = b.input("input", {3, 224, 224});
  x = conv_bn_act(b, "conv1", x, {.out_channels = 64, .kernel = 7, .stride = 2, .padding = 3}, kRelu);
  x = b.max_pool("maxpool", x, {.kernel = 3, .stride = 2, .padding = 1});
  std::int64_t in_channels = 64;
  for (std::size_t s = 0; s < kStages.size(); ++s) {
    const Stage& stage = kStages[s];
    for (int i = 0; i < stage.blocks; ++i) {
      const std::string n = "layer" + std::to_string(s + 1) + "." + std::to_string(i);
      const std::int64_t stride = i == 0 ? stage.stride : 1;
      const std::int64_t out_channels = stage.planes * kExpansion;
      std::string h = conv_bn_act(b, n + ".conv1", x, {.out_channels = stage.planes}, kRelu);
      h = conv_bn_act(b, n + ".conv2", h,
                      {.out_channels = stage.planes, .kernel = 3, .stride = stride, .padding = 1}, kRelu);
      h = conv_bn_act(b, n + ".conv3", h, {.out_channels = out_channels}, kNone);
      std::string shortcut = x;
      if (stride != 1 || in_channels != out_channels)
        shortcut = conv_bn_act(b, n + ".downsample", x, {.out_channels = out_channels, .stride = stride}, kNone);
      x = b.activation(n + ".relu", b.add_tensors(n + ".add", {h, shortcut}), kRelu);
      in_channels = out_channels;
    }
  }
  x = b.global_avg_pool("avgpool", x);
  b.fully_connected("fc", x, 1000);
  return b;
}

}  // namespace archex::workload
