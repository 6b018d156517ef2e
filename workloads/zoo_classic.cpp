// The plain feed-forward CNNs of the zoo: LeNet-5, AlexNet, VGG-16.

#include <array>
#include <string>

#include "workloads/zoo.h"

namespace archex::workload {
namespace {

constexpr auto kRelu = ActivationKind::kRelu;

// conv (with bias, as these models have no batch-norm) -> ReLU.
std::string conv_relu(WorkloadBuilder& b, const std::string& name, const std::string& input,
                      const ConvParams& conv) {
  return b.activation(name + "/relu", b.conv2d(name, input, conv), kRelu);
}

std::string fc_relu(WorkloadBuilder& b, const std::string& name, const std::string& input,
                    std::int64_t out_features) {
  return b.activation(name + "/relu", b.fully_connected(name, input, out_features), kRelu);
}

}  // namespace

// LeNet-5: LeCun, Bottou, Bengio, Haffner, "Gradient-based learning applied to
// document recognition", Proc. IEEE 1998, Fig. 2, on its 32x32 input. Variant:
// C3 fully connected to S2 (the paper's sparse connection table is not a
// grouped conv), S2/S4 as parameter-free 2x2 average pooling, sigmoid for the
// scaled tanh, and a fully connected 10-way output for the RBF layer (as in
// Zhang et al., "Dive into Deep Learning", sec. 7.6). Counts: 416,520 MACs,
// 61,706 parameters (the paper's original: 60,000 parameters).
WorkloadBuilder define_lenet5() {
  constexpr auto kSigmoid = ActivationKind::kSigmoid;
  WorkloadBuilder b("lenet5");
  std::string x = b.input("input", {1, 32, 32});
  x = b.activation("c1/sigmoid", b.conv2d("c1", x, {.out_channels = 6, .kernel = 5, .bias = true}), kSigmoid);
  x = b.avg_pool("s2", x, {.kernel = 2, .stride = 2});
  x = b.activation("c3/sigmoid", b.conv2d("c3", x, {.out_channels = 16, .kernel = 5, .bias = true}), kSigmoid);
  x = b.avg_pool("s4", x, {.kernel = 2, .stride = 2});
  x = b.activation("c5/sigmoid", b.conv2d("c5", x, {.out_channels = 120, .kernel = 5, .bias = true}), kSigmoid);
  x = b.activation("f6/sigmoid", b.fully_connected("f6", x, 84), kSigmoid);
  b.fully_connected("output", x, 10);
  return b;
}

// AlexNet as torchvision.models.alexnet: the single-tower variant of
// Krizhevsky, "One weird trick for parallelizing convolutional neural
// networks", arXiv:1404.5997 (64-192-384-256-256 filters; no LRN), not the
// two-tower NIPS 2012 network. Published: 61,100,840 parameters, 0.71 GFLOPs.
// The adaptive 6x6 average pool before the classifier is the identity at 224x224.
WorkloadBuilder define_alexnet() {
  WorkloadBuilder b("alexnet");
  std::string x = b.input("input", {3, 224, 224});
  x = conv_relu(b, "features.0", x, {.out_channels = 64, .kernel = 11, .stride = 4, .padding = 2, .bias = true});
  x = b.max_pool("features.2", x, {.kernel = 3, .stride = 2});
  x = conv_relu(b, "features.3", x, {.out_channels = 192, .kernel = 5, .padding = 2, .bias = true});
  x = b.max_pool("features.5", x, {.kernel = 3, .stride = 2});
  x = conv_relu(b, "features.6", x, {.out_channels = 384, .kernel = 3, .padding = 1, .bias = true});
  x = conv_relu(b, "features.8", x, {.out_channels = 256, .kernel = 3, .padding = 1, .bias = true});
  x = conv_relu(b, "features.10", x, {.out_channels = 256, .kernel = 3, .padding = 1, .bias = true});
  x = b.max_pool("features.12", x, {.kernel = 3, .stride = 2});
  x = b.flatten("flatten", x);
  x = fc_relu(b, "classifier.1", x, 4096);  // dropout before fc6 / fc7 is inference identity
  x = fc_relu(b, "classifier.4", x, 4096);
  b.fully_connected("classifier.6", x, 1000);
  return b;
}

// The original two-tower AlexNet as Eyeriss ran it: Krizhevsky, Sutskever,
// Hinton, "ImageNet Classification with Deep Convolutional Neural Networks",
// NIPS 2012, Fig. 2, on the 227x227 input (Chen et al., JSSC 2017, Sec. VI):
// 96 / 256 / 384 / 384 / 256 filters, CONV2, CONV4 and CONV5 in two groups
// (the two GPUs' halves), 3x3 stride-2 overlapping max pooling. The local
// response normalisation after CONV1 / CONV2 is left out (no MACs, an element
// op archex has no operator for). Published per-image MACs (Sze, Chen, Yang,
// Emer, "Efficient Processing of Deep Neural Networks", Proc. IEEE 2017,
// Table II): CONV 666 M, FC 58.6 M, 724 M in all; weights 2.3 M CONV, 58.6 M FC.
WorkloadBuilder define_alexnet_original() {
  WorkloadBuilder b("alexnet_original");
  std::string x = b.input("input", {3, 227, 227});
  x = conv_relu(b, "conv1", x, {.out_channels = 96, .kernel = 11, .stride = 4, .bias = true});
  x = b.max_pool("pool1", x, {.kernel = 3, .stride = 2});
  x = conv_relu(b, "conv2", x, {.out_channels = 256, .kernel = 5, .padding = 2, .groups = 2, .bias = true});
  x = b.max_pool("pool2", x, {.kernel = 3, .stride = 2});
  x = conv_relu(b, "conv3", x, {.out_channels = 384, .kernel = 3, .padding = 1, .bias = true});
  x = conv_relu(b, "conv4", x, {.out_channels = 384, .kernel = 3, .padding = 1, .groups = 2, .bias = true});
  x = conv_relu(b, "conv5", x, {.out_channels = 256, .kernel = 3, .padding = 1, .groups = 2, .bias = true});
  x = b.max_pool("pool5", x, {.kernel = 3, .stride = 2});
  x = b.flatten("flatten", x);
  x = fc_relu(b, "fc6", x, 4096);
  x = fc_relu(b, "fc7", x, 4096);
  b.fully_connected("fc8", x, 1000);
  return b;
}

// VGG-16: Simonyan & Zisserman, "Very Deep Convolutional Networks for
// Large-Scale Image Recognition", ICLR 2015, configuration D, as
// torchvision.models.vgg16 (no batch-norm). Published: 138,357,544 parameters,
// 15.47 GFLOPs. The adaptive 7x7 average pool is the identity at 224x224.
WorkloadBuilder define_vgg16() {
  constexpr int kPool = 0;
  constexpr std::array<int, 18> kConfigD{64,  64,  kPool, 128, 128, kPool, 256, 256, 256,
                                         kPool, 512, 512, 512, kPool, 512, 512, 512, kPool};
  WorkloadBuilder b("vgg16");
  std::string x = b.input("input", {3, 224, 224});
  int index = 0;  // torchvision's features.<index>
  for (int channels : kConfigD) {
    const std::string name = "features." + std::to_string(index);
    if (channels == kPool) {
      x = b.max_pool(name, x, {.kernel = 2, .stride = 2});
      index += 1;
    } else {
      x = conv_relu(b, name, x, {.out_channels = channels, .kernel = 3, .padding = 1, .bias = true});
      index += 2;
    }
  }
  x = b.flatten("flatten", x);
  x = fc_relu(b, "classifier.0", x, 4096);
  x = fc_relu(b, "classifier.3", x, 4096);
  b.fully_connected("classifier.6", x, 1000);
  return b;
}

}  // namespace archex::workload
