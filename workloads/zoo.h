#pragma once
// The built-in model zoo: classic and mobile CNNs and transformers defined layer by layer, each
// citing the source and variant it reproduces (see the definitions).

#include <cstdint>
#include <span>
#include <string_view>

#include "workloads/workload_builder.h"

namespace archex::workload {

struct ZooModel {
  std::string_view name;
  std::string_view summary;  // one line: model, variant, input size
  WorkloadBuilder (*define)();
  // A model with a size parameter (a sequence length) also loads as
  // "name@N" (registry.h); `parameter` says what N is. Empty: none.
  std::string_view parameter;
  WorkloadBuilder (*define_with)(std::int64_t);
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
WorkloadBuilder define_vit_b_16();
// Transformers whose sequence length is a parameter; the zoo names use the
// defaults (bert_base: 128 tokens; gpt2_small_prefill: a 128-token prompt;
// gpt2_small_decode: one token attending a 1024-token KV cache) and "name@N"
// another length. A length beyond the model's positions throws WorkloadError.
WorkloadBuilder define_bert_base(std::int64_t tokens = 128);
WorkloadBuilder define_gpt2_small_prefill(std::int64_t prompt_tokens = 128);
WorkloadBuilder define_gpt2_small_decode(std::int64_t cached_tokens = 1024);

}  // namespace archex::workload
