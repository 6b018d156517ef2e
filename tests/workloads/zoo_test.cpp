// The zoo against published figures. Exact parameter counts are torchvision's
// published numbers (model cards / torchvision.models docs), which count
// batch-norm gamma and beta, so they are checked with BN unfolded; MAC counts
// are checked against the published GFLOPS (torchvision counts multiply-adds)
// at their published precision and against independent per-layer sums.

#include <algorithm>
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "workloads/registry.h"
#include "workloads/zoo.h"

namespace archex::workload {
namespace {

Workload build(WorkloadBuilder (*define)(), bool fold) {
  BuildOptions options;
  options.fold_batch_norm = fold;
  options.fuse_activations = fold;
  return define().build(options);
}

// Sum of a batch-norm's channels over a model: folding turns 2 params per
// channel (gamma, beta) into 1 (the conv bias), so folded = unfolded - this.
std::int64_t batch_norm_channels(const Workload& unfolded) {
  std::int64_t channels = 0;
  for (const Layer& l : unfolded.layers())
    if (l.kind == OpKind::kBatchNorm) channels += l.output.c;
  return channels;
}

double rounded(double value, double unit, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value / unit * scale) / scale;
}

TEST(Zoo, ListsTheModels) {
  EXPECT_EQ(zoo_names(), (std::vector<std::string>{"lenet5", "alexnet", "alexnet_original", "vgg16", "googlenet",
                                                   "resnet50", "mobilenet_v2", "mobilenet_edgetpu", "vit_b_16",
                                                   "bert_base", "gpt2_small_prefill", "gpt2_small_decode"}));
  EXPECT_EQ(find_zoo_model("resnet18"), nullptr);
}

// Krizhevsky 2012's two-tower AlexNet as Eyeriss ran it: per-layer MACs and
// weights as published for the Eyeriss measurements (Chen et al., JSSC 2017,
// Table V: 421.66 / 895.79 / 598.1 / 448.6 / 299.0 M MACs per batch of 4;
// filter sizes 34.8 / 307.2 / 884.7 / 663.6 / 442.4 k) and the totals of Sze
// et al., Proc. IEEE 2017 (CONV 666 M, FC 58.6 M MACs).
TEST(Zoo, OriginalAlexNetMatchesEyerissCounts) {
  const Workload w = load_workload("alexnet_original");
  const std::vector<std::pair<std::string, std::pair<std::int64_t, std::int64_t>>> expected = {
      {"conv1", {105'415'200, 34'848}},  {"conv2", {223'948'800, 307'200}}, {"conv3", {149'520'384, 884'736}},
      {"conv4", {112'140'288, 663'552}}, {"conv5", {74'760'192, 442'368}},  {"fc6", {37'748'736, 37'748'736}},
      {"fc7", {16'777'216, 16'777'216}}, {"fc8", {4'096'000, 4'096'000}}};
  std::int64_t conv_macs = 0, fc_macs = 0;
  for (const auto& [name, counts] : expected) {
    const auto& layers = w.layers();
    const auto it = std::find_if(layers.begin(), layers.end(), [&](const Layer& l) { return l.name == name; });
    ASSERT_NE(it, layers.end()) << name;
    EXPECT_EQ(it->macs, counts.first) << name;
    const std::int64_t outputs = it->output.c;  // one bias per output channel
    EXPECT_EQ(it->params - outputs, counts.second) << name;
    (name[0] == 'c' ? conv_macs : fc_macs) += it->macs;
  }
  EXPECT_EQ(conv_macs, 665'784'864);  // "666 M"
  EXPECT_EQ(fc_macs, 58'621'952);     // "58.6 M"
  EXPECT_EQ(w.layers()[0].output.h, 227);
}

TEST(Zoo, MobileNetV2MatchesTorchvision) {
  const Workload unfolded = build(define_mobilenet_v2, false);
  EXPECT_EQ(unfolded.total_params(), 3'504'872);  // torchvision mobilenet_v2
  // Sandler et al. Table 2 / torchvision: 300 M multiply-adds (0.30 GFLOPS).
  EXPECT_EQ(rounded(unfolded.total_macs(), 1e9, 2), 0.30);
  // Independent per-layer sum (stem 10,838,016 + blocks + head 16,056,320 + fc 1,280,000).
  EXPECT_EQ(unfolded.total_macs(), 300'774'272);
  const Workload folded = build(define_mobilenet_v2, true);
  EXPECT_EQ(folded.total_macs(), unfolded.total_macs());
  EXPECT_EQ(folded.total_params(), 3'504'872 - batch_norm_channels(unfolded));
}

TEST(Zoo, ResNet50MatchesTorchvision) {
  const Workload unfolded = build(define_resnet50, false);
  EXPECT_EQ(unfolded.total_params(), 25'557'032);
  EXPECT_EQ(rounded(unfolded.total_macs(), 1e9, 2), 4.09);
  EXPECT_EQ(unfolded.total_macs(), 4'089'184'256);
  // BN channels: stem 64, each bottleneck 6 x planes, each downsample 4 x planes.
  EXPECT_EQ(batch_norm_channels(unfolded), 64 + (3 * 6 * 64 + 256) + (4 * 6 * 128 + 512) +
                                               (6 * 6 * 256 + 1024) + (3 * 6 * 512 + 2048));
  EXPECT_EQ(build(define_resnet50, true).total_params(), 25'557'032 - batch_norm_channels(unfolded));
}

TEST(Zoo, Vgg16MatchesTorchvision) {
  const Workload w = build(define_vgg16, true);
  EXPECT_EQ(w.total_params(), 138'357'544);
  // 13 convs 3x3 (pad 1) at 224/112/56/28/14 + 3 fully connected layers.
  std::int64_t macs = 25088LL * 4096 + 4096LL * 4096 + 4096LL * 1000;
  const std::int64_t widths[13] = {64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512};
  const std::int64_t sizes[13] = {224, 224, 112, 112, 56, 56, 56, 28, 28, 28, 14, 14, 14};
  std::int64_t in = 3;
  for (int i = 0; i < 13; ++i) {
    macs += sizes[i] * sizes[i] * widths[i] * in * 9;
    in = widths[i];
  }
  EXPECT_EQ(w.total_macs(), macs);
  EXPECT_EQ(rounded(w.total_macs(), 1e9, 2), 15.47);
}

TEST(Zoo, AlexNetIsTheTorchvisionSingleTowerVariant) {
  const Workload w = build(define_alexnet, true);
  EXPECT_EQ(w.total_params(), 61'100'840);
  const std::int64_t macs = 55LL * 55 * 64 * 3 * 121 + 27LL * 27 * 192 * 64 * 25 +
                            13LL * 13 * 384 * 192 * 9 + 13LL * 13 * 256 * 384 * 9 +
                            13LL * 13 * 256 * 256 * 9 + 9216LL * 4096 + 4096LL * 4096 + 4096LL * 1000;
  EXPECT_EQ(w.total_macs(), macs);
  EXPECT_EQ(rounded(w.total_macs(), 1e9, 2), 0.71);
}

TEST(Zoo, GoogLeNetMatchesTorchvision) {
  const Workload unfolded = build(define_googlenet, false);
  EXPECT_EQ(unfolded.total_params(), 6'624'904);  // without the auxiliary classifiers
  EXPECT_EQ(rounded(unfolded.total_macs(), 1e9, 2), 1.50);
  EXPECT_EQ(unfolded.total_macs(), 1'498'376'192);
  // The classifier sees 1024 channels at 1x1: the inception widths add up.
  EXPECT_EQ(unfolded.layers().back().inputs.front(), (TensorShape{1024, 1, 1}));
}

TEST(Zoo, LeNet5CountsByHand) {
  const Workload w = build(define_lenet5, true);
  // C1 28*28*6*25, C3 10*10*16*150, C5 120*400, F6 84*120, output 10*84.
  EXPECT_EQ(w.total_macs(), 117'600 + 240'000 + 48'000 + 10'080 + 840);
  EXPECT_EQ(w.total_params(), 156 + 2'416 + 48'120 + 10'164 + 850);
  EXPECT_EQ(w.layers().front().output, (TensorShape{1, 32, 32}));
}

// Independent sum over the TF model garden's MobileNet-EdgeTPU block list:
// "same" padding, so a stride-2 layer halves the (even) map.
struct EdgeTpuCounts {
  std::int64_t macs = 0, weights = 0, bn_channels = 0;
  std::int64_t conv(std::int64_t size, std::int64_t in, std::int64_t out, std::int64_t k,
                    std::int64_t stride = 1, std::int64_t groups = 1) {
    const std::int64_t out_size = (size + stride - 1) / stride;
    macs += out_size * out_size * out * (in / groups) * k * k;
    weights += out * (in / groups) * k * k;
    bn_channels += out;
    return out_size;
  }
};

TEST(Zoo, MobileNetEdgeTpuMatchesItsBlockList) {
  EdgeTpuCounts n;
  std::int64_t size = n.conv(224, 3, 32, 3, 2);
  struct Row { std::int64_t in, out, k, repeats, expansion, stride; char type; };
  const Row rows[] = {{32, 16, 3, 1, 1, 1, 'r'},   {16, 32, 3, 1, 8, 2, 'f'},   {32, 32, 3, 3, 4, 1, 'r'},
                      {32, 48, 3, 1, 8, 2, 'f'},   {48, 48, 3, 3, 4, 1, 'r'},   {48, 96, 3, 1, 8, 2, 'd'},
                      {96, 96, 3, 3, 4, 1, 'd'},   {96, 96, 3, 1, 8, 1, 'd'},   {96, 96, 3, 3, 4, 1, 'd'},
                      {96, 160, 5, 1, 8, 2, 'd'},  {160, 160, 5, 3, 4, 1, 'd'}, {160, 192, 3, 1, 8, 1, 'd'}};
  for (Row r : rows) {
    for (int i = 0; i < r.repeats; ++i) {
      const std::int64_t filters = r.in * r.expansion;
      std::int64_t out_size = size;
      if (r.type == 'f') out_size = n.conv(size, r.in, filters, r.k, r.stride);
      if (r.type == 'r' && r.expansion != 1) n.conv(size, r.in, filters, 3);
      if (r.type == 'd') {
        n.conv(size, r.in, filters, 1);
        out_size = n.conv(size, filters, filters, r.k, r.stride, filters);
      }
      n.conv(out_size, filters, r.out, 1);
      size = out_size;
      r.in = r.out;
      r.stride = 1;
    }
  }
  n.conv(size, 192, 1280, 1);
  EXPECT_EQ(size, 7);
  const std::int64_t logits_macs = 1280 * 1001, logits_params = 1280 * 1001 + 1001;

  const Workload folded = build(define_mobilenet_edgetpu, true);
  EXPECT_EQ(folded.total_macs(), n.macs + logits_macs);
  EXPECT_EQ(folded.total_params(), n.weights + n.bn_channels + logits_params);
  EXPECT_EQ(build(define_mobilenet_edgetpu, false).total_params(),
            n.weights + 2 * n.bn_channels + logits_params);
  EXPECT_EQ(folded.layers().back().output, (TensorShape{1001, 1, 1}));
  EXPECT_NEAR(folded.total_macs() / 1e6, 990.7, 0.1);  // this definition: 990.67 M MACs
}

TEST(Zoo, EveryModelIsConsistent) {
  for (const ZooModel& model : zoo_models()) {
    SCOPED_TRACE(std::string(model.name));
    const Workload w = model.define().build();
    std::int64_t macs = 0, params = 0;
    for (std::size_t i = 0; i < w.layers().size(); ++i) {
      const Layer& l = w.layers()[i];
      macs += l.macs;
      params += l.params;
      ASSERT_EQ(w.predecessors()[i].size(), l.inputs.size());
      for (std::size_t k = 0; k < l.inputs.size(); ++k) {
        const std::size_t p = w.predecessors()[i][k];
        EXPECT_LT(p, i);  // topological order
        EXPECT_EQ(l.inputs[k], w.layers()[p].output);
      }
      if (l.kind == OpKind::kConv2d || l.kind == OpKind::kFullyConnected) {
        EXPECT_EQ(l.macs, l.loops.macs());
      }
      EXPECT_NE(l.kind, OpKind::kBatchNorm);  // folded by default
    }
    EXPECT_EQ(macs, w.total_macs());
    EXPECT_EQ(params, w.total_params());
    EXPECT_EQ(w.weight_bytes(), w.total_params());
    EXPECT_GT(w.peak_activation_bytes(), 0);
    EXPECT_EQ(w.layers().front().kind, OpKind::kInput);
  }
}

TEST(Zoo, SixteenBitDoublesBytes) {
  BuildOptions wide;
  wide.bytes_per_element = 2;
  const Workload w8 = define_mobilenet_v2().build();
  const Workload w16 = define_mobilenet_v2().build(wide);
  EXPECT_EQ(w16.weight_bytes(), 2 * w8.weight_bytes());
  EXPECT_EQ(w16.peak_activation_bytes(), 2 * w8.peak_activation_bytes());
  EXPECT_EQ(w16.total_macs(), w8.total_macs());
}

TEST(Zoo, LoadWorkloadFindsZooNames) {
  EXPECT_EQ(load_workload("resnet50").total_macs(), 4'089'184'256);
  EXPECT_EQ(load_workload("mobilenet_v2", 2).bytes_per_element(), 2);
  EXPECT_THROW(load_workload("mobilenet_v2", 4), WorkloadError);
}

}  // namespace
}  // namespace archex::workload
