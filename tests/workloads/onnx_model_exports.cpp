// torchvision-style ONNX exports built in C++ (test fixtures; no downloads).
// Architectures follow torchvision.models; what an export of each looks like
// (folded or kept batch-norm, Clip for ReLU6, Sigmoid+Mul for SiLU, the
// x.view(x.size(0), -1) shape chain) follows torch.onnx.export at opset 13.

#include <algorithm>
#include <array>

#include "tests/workloads/onnx_graph_builder.h"

namespace archex::workload::testing {

BuiltModel mobilenet_v2_export() {
  OnnxGraphBuilder g("torch_jit");  // BN folded: every conv has a bias
  std::string x = g.input("input", {-1, 3, 224, 224});
  x = g.relu6(g.conv(x, 32, 3, 2));
  struct Stage {
    std::int64_t t, c, n, s;
  };
  const std::array<Stage, 7> stages{{{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2},
                                     {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}}};
  for (const Stage& st : stages) {
    for (std::int64_t i = 0; i < st.n; ++i) {
      const std::int64_t in = g.shape(x).c, hidden = in * st.t, stride = i == 0 ? st.s : 1;
      std::string h = x;
      if (st.t != 1) h = g.relu6(g.conv(h, hidden, 1));
      h = g.relu6(g.conv(h, hidden, 3, stride, hidden));
      h = g.conv(h, st.c, 1);
      x = stride == 1 && in == st.c ? g.add(x, h) : h;
    }
  }
  x = g.relu6(g.conv(x, 1280, 1));
  x = g.view_flatten(g.global_avg_pool(x));
  x = g.gemm(g.dropout(x), 1000);
  return {std::move(g), x};
}

BuiltModel resnet50_export() {
  OnnxGraphBuilder g("resnet50");  // exported with BatchNormalization kept
  auto conv_bn = [&](const std::string& in, std::int64_t out, std::int64_t k, std::int64_t s) {
    return g.batch_norm(g.conv(in, out, k, s, 1, false));
  };
  std::string x = g.input("input", {1, 3, 224, 224});
  x = g.max_pool(g.relu(conv_bn(x, 64, 7, 2)), 3, 2, 1);
  const std::array<std::array<std::int64_t, 3>, 4> stages{{{3, 64, 1}, {4, 128, 2}, {6, 256, 2}, {3, 512, 2}}};
  for (const auto& [blocks, planes, first_stride] : stages) {
    for (std::int64_t i = 0; i < blocks; ++i) {
      const std::int64_t stride = i == 0 ? first_stride : 1;
      std::string h = g.relu(conv_bn(x, planes, 1, 1));
      h = g.relu(conv_bn(h, planes, 3, stride));
      h = conv_bn(h, planes * 4, 1, 1);
      const std::string shortcut =
          stride != 1 || g.shape(x).c != planes * 4 ? conv_bn(x, planes * 4, 1, stride) : x;
      x = g.relu(g.add(h, shortcut));
    }
  }
  x = g.gemm(g.flatten(g.global_avg_pool(x)), 1000);
  return {std::move(g), x};
}

BuiltModel googlenet_export() {
  OnnxGraphBuilder g("googlenet");  // BN folded into conv bias
  auto basic = [&](const std::string& in, std::int64_t out, std::int64_t k, std::int64_t s = 1) {
    return g.relu(g.conv(in, out, k, s));
  };
  auto inception = [&](const std::string& in, std::array<std::int64_t, 6> w) {
    const std::string b1 = basic(in, w[0], 1);
    const std::string b2 = basic(basic(in, w[1], 1), w[2], 3);
    const std::string b3 = basic(basic(in, w[3], 1), w[4], 3);  // torchvision: 3x3 here
    const std::string b4 = basic(g.max_pool(in, 3, 1, 1, true), w[5], 1);
    return g.concat({b1, b2, b3, b4});
  };
  std::string x = g.input("x", {1, 3, 224, 224});
  x = g.max_pool(basic(x, 64, 7, 2), 3, 2, 0, true);
  x = basic(basic(x, 64, 1), 192, 3);
  x = g.max_pool(x, 3, 2, 0, true);
  x = inception(x, {64, 96, 128, 16, 32, 32});
  x = inception(x, {128, 128, 192, 32, 96, 64});
  x = g.max_pool(x, 3, 2, 0, true);
  for (const auto& w : std::array<std::array<std::int64_t, 6>, 5>{{{192, 96, 208, 16, 48, 64},
                                                                   {160, 112, 224, 24, 64, 64},
                                                                   {128, 128, 256, 24, 64, 64},
                                                                   {112, 144, 288, 32, 64, 64},
                                                                   {256, 160, 320, 32, 128, 128}}})
    x = inception(x, w);
  x = g.max_pool(x, 2, 2, 0, true);
  x = inception(x, {256, 160, 320, 32, 128, 128});
  x = inception(x, {384, 192, 384, 48, 128, 128});
  x = g.gemm(g.dropout(g.flatten(g.global_avg_pool(x))), 1000);
  return {std::move(g), x};
}

// torchvision.models.efficientnet_b0 (Tan & Le 2019): MBConv with SE, SiLU.
BuiltModel efficientnet_b0_export() {
  OnnxGraphBuilder g("efficientnet_b0");  // BatchNormalization kept
  auto conv_bn = [&](const std::string& in, std::int64_t out, std::int64_t k, std::int64_t s = 1,
                     std::int64_t groups = 1) { return g.batch_norm(g.conv(in, out, k, s, groups, false)); };
  std::string x = g.input("images", {1, 3, 224, 224});
  x = g.silu(conv_bn(x, 32, 3, 2));
  struct Stage {
    std::int64_t expand, kernel, stride, out, layers;
  };
  const std::array<Stage, 7> stages{{{1, 3, 1, 16, 1}, {6, 3, 2, 24, 2}, {6, 5, 2, 40, 2}, {6, 3, 2, 80, 3},
                                     {6, 5, 1, 112, 3}, {6, 5, 2, 192, 4}, {6, 3, 1, 320, 1}}};
  for (const Stage& st : stages) {
    for (std::int64_t i = 0; i < st.layers; ++i) {
      const std::int64_t in = g.shape(x).c, expanded = in * st.expand, stride = i == 0 ? st.stride : 1;
      std::string h = x;
      if (expanded != in) h = g.silu(conv_bn(h, expanded, 1));
      h = g.silu(conv_bn(h, expanded, st.kernel, stride, expanded));
      // Squeeze-excite: mean over H, W; 1x1 convs with bias; sigmoid gate; scale.
      std::string s = g.reduce_mean_hw(h);
      s = g.silu(g.conv(s, std::max<std::int64_t>(1, in / 4), 1));
      s = g.sigmoid(g.conv(s, expanded, 1));
      h = conv_bn(g.mul(h, s), st.out, 1);
      x = stride == 1 && in == st.out ? g.add(h, x) : h;
    }
  }
  x = g.silu(conv_bn(x, 1280, 1));
  x = g.gemm(g.dropout(g.flatten(g.global_avg_pool(x))), 1000);
  return {std::move(g), x};
}

}  // namespace archex::workload::testing
