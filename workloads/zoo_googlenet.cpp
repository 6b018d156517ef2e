// GoogLeNet (Inception v1) as torchvision.models.googlenet.

#include <array>
#include <string>

#include "workloads/zoo.h"
#include "workloads/zoo_blocks.h"

namespace archex::workload {
namespace {

constexpr auto kRelu = ActivationKind::kRelu;

// torchvision BasicConv2d: conv (no bias) -> batch-norm -> ReLU.
std::string basic_conv(WorkloadBuilder& b, const std::string& name, const std::string& input,
                       std::int64_t out_channels, std::int64_t kernel, std::int64_t stride = 1) {
  return conv_bn_act(b, name, input,
                     {.out_channels = out_channels, .kernel = kernel, .stride = stride,
                      .padding = kernel / 2},
                     kRelu);
}

struct InceptionWidths {
  const char* name;
  std::int64_t ch1x1, ch3x3_reduce, ch3x3, ch5x5_reduce, ch5x5, pool_proj;
};

// Four branches concatenated on channels. As in torchvision, the "5x5" branch
// uses a 3x3 kernel (a known deviation from the paper that torchvision kept
// for its pretrained weights; its published counts include it).
std::string inception(WorkloadBuilder& b, const std::string& input, const InceptionWidths& w) {
  const std::string n = w.name;
  const std::string b1 = basic_conv(b, n + ".branch1", input, w.ch1x1, 1);
  const std::string b2 = basic_conv(b, n + ".branch2.1",
                                    basic_conv(b, n + ".branch2.0", input, w.ch3x3_reduce, 1),
                                    w.ch3x3, 3);
  const std::string b3 = basic_conv(b, n + ".branch3.1",
                                    basic_conv(b, n + ".branch3.0", input, w.ch5x5_reduce, 1),
                                    w.ch5x5, 3);
  const std::string pooled =
      b.max_pool(n + ".branch4.0", input, {.kernel = 3, .stride = 1, .padding = 1, .ceil_mode = true});
  const std::string b4 = basic_conv(b, n + ".branch4.1", pooled, w.pool_proj, 1);
  return b.concat(n + ".concat", {b1, b2, b3, b4});
}

}  // namespace

// Szegedy et al., "Going Deeper with Convolutions", CVPR 2015, Table 1, in the
// torchvision.models.googlenet variant: batch-norm after every conv, 3x3
// kernels in the "5x5" branches, ceil-mode max pooling, no auxiliary heads at
// inference. Published: 6,624,904 parameters, 1.50 GFLOPs.
WorkloadBuilder define_googlenet() {
  WorkloadBuilder b("googlenet");
  const PoolParams kDownsample{.kernel = 3, .stride = 2, .ceil_mode = true};
  std::string x = b.input("input", {3, 224, 224});
  x = basic_conv(b, "conv1", x, 64, 7, 2);
  x = b.max_pool("maxpool1", x, kDownsample);
  x = basic_conv(b, "conv2", x, 64, 1);
  x = basic_conv(b, "conv3", x, 192, 3);
  x = b.max_pool("maxpool2", x, kDownsample);
  x = inception(b, x, {"inception3a", 64, 96, 128, 16, 32, 32});
  x = inception(b, x, {"inception3b", 128, 128, 192, 32, 96, 64});
  x = b.max_pool("maxpool3", x, kDownsample);
  constexpr std::array<InceptionWidths, 5> kStage4{{
      {"inception4a", 192, 96, 208, 16, 48, 64},
      {"inception4b", 160, 112, 224, 24, 64, 64},
      {"inception4c", 128, 128, 256, 24, 64, 64},
      {"inception4d", 112, 144, 288, 32, 64, 64},
      {"inception4e", 256, 160, 320, 32, 128, 128},
  }};
  for (const auto& widths : kStage4) x = inception(b, x, widths);
  x = b.max_pool("maxpool4", x, {.kernel = 2, .stride = 2, .ceil_mode = true});
  x = inception(b, x, {"inception5a", 256, 160, 320, 32, 128, 128});
  x = inception(b, x, {"inception5b", 384, 192, 384, 48, 128, 128});
  x = b.global_avg_pool("avgpool", x);
  b.fully_connected("fc", x, 1000);  // dropout before it is inference identity
  return b;
}

}  // namespace archex::workload
