#include "workloads/zoo.h"

#include <array>

namespace archex::workload {
namespace {

WorkloadBuilder bert_base_128() { return define_bert_base(); }
WorkloadBuilder gpt2_small_prefill_128() { return define_gpt2_small_prefill(); }
WorkloadBuilder gpt2_small_decode_1024() { return define_gpt2_small_decode(); }
WorkloadBuilder bert_base_n(std::int64_t n) { return define_bert_base(n); }
WorkloadBuilder gpt2_small_prefill_n(std::int64_t n) { return define_gpt2_small_prefill(n); }
WorkloadBuilder gpt2_small_decode_n(std::int64_t n) { return define_gpt2_small_decode(n); }

constexpr std::array<ZooModel, 12> kZoo{{
    {"lenet5", "LeNet-5 (LeCun et al. 1998, fully connected C3), 1x32x32", define_lenet5, "", nullptr},
    {"alexnet", "AlexNet (torchvision single-tower variant), 3x224x224", define_alexnet, "", nullptr},
    {"alexnet_original", "AlexNet (Krizhevsky 2012 two-tower, grouped CONV2/4/5, as Eyeriss ran it), 3x227x227",
     define_alexnet_original, "", nullptr},
    {"vgg16", "VGG-16 (configuration D, torchvision), 3x224x224", define_vgg16, "", nullptr},
    {"googlenet", "GoogLeNet / Inception v1 (torchvision, BN, no aux heads), 3x224x224",
     define_googlenet, "", nullptr},
    {"resnet50", "ResNet-50 v1.5 (torchvision), 3x224x224", define_resnet50, "", nullptr},
    {"mobilenet_v2", "MobileNetV2 1.0 (torchvision), 3x224x224", define_mobilenet_v2, "", nullptr},
    {"mobilenet_edgetpu", "MobileNet-EdgeTPU v1 (TF model garden), 3x224x224",
     define_mobilenet_edgetpu, "", nullptr},
    {"vit_b_16", "ViT-B/16 (torchvision), 3x224x224, 197 tokens", define_vit_b_16, "", nullptr},
    {"bert_base", "BERT-base (bert-base-uncased), sequence 128", bert_base_128, "tokens (<= 512)",
     bert_base_n},
    {"gpt2_small_prefill", "GPT-2 small (124 M), prefill of a 128-token prompt", gpt2_small_prefill_128,
     "prompt tokens (<= 1024)", gpt2_small_prefill_n},
    {"gpt2_small_decode", "GPT-2 small (124 M), one decode step with a 1024-token KV cache",
     gpt2_small_decode_1024, "KV-cache tokens (<= 1024)", gpt2_small_decode_n},
}};

}  // namespace

std::span<const ZooModel> zoo_models() { return kZoo; }

const ZooModel* find_zoo_model(std::string_view name) {
  for (const ZooModel& m : kZoo)
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace archex::workload
