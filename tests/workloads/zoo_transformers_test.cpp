// The zoo's transformers against counts derived by hand (and, for ViT-B/16
// and BERT-base, against the real exports in onnx_real_exports_test.cpp).

#include <gtest/gtest.h>

#include "tests/workloads/test_helpers.h"
#include "workloads/registry.h"
#include "workloads/zoo.h"

namespace archex::workload {
namespace {

// One transformer layer of d 768, FFN 3072: Q, K, V, output projections
// 4 x (768^2 + 768), FFN 768 x 3072 + 3072 + 3072 x 768 + 768, two
// LayerNorms 4 x 768: 7,087,872 parameters.
constexpr std::int64_t kLayerParams = 4 * (768 * 768 + 768) + (768 * 3072 + 3072) + (3072 * 768 + 768) + 4 * 768;
// Linear MACs per token of such a layer: 768 x (4 x 768 + 2 x 3072).
constexpr std::int64_t kLayerMacsPerToken = 768 * 9216;

std::int64_t matmul_macs(const Workload& w) {
  std::int64_t n = 0;
  for (const Layer& l : w.layers())
    if (l.kind == OpKind::kMatMul) n += l.macs;
  return n;
}

TEST(ZooTransformers, LayerParametersAreTheKnownFigure) { EXPECT_EQ(kLayerParams, 7'087'872); }

// ViT-B/16: the same counts as torchvision's export (17,563,828,224 MACs, 86,567,656 parameters).
TEST(ZooTransformers, VitB16) {
  const Workload w = define_vit_b_16().build();
  EXPECT_EQ(w.total_macs(), 768LL * 3 * 16 * 16 * 14 * 14 + 12 * 197 * kLayerMacsPerToken +
                                12LL * 2 * 197 * 197 * 768 + 768 * 1000);
  EXPECT_EQ(w.total_macs(), 17'563'828'224);
  EXPECT_EQ(matmul_macs(w), 715'327'488);
  // conv 768 x 768 + 768, class token 768, positions 197 x 768, layers, final LN, head 768 x 1000 + 1000.
  EXPECT_EQ(w.total_params(), (768 * 768 + 768) + 768 + 197 * 768 + 12 * kLayerParams + 2 * 768 + 769'000);
  EXPECT_EQ(w.total_params(), 86'567'656);
}

// BERT-base at 128 tokens; the sequence length is a parameter of the definition.
TEST(ZooTransformers, BertBase) {
  const Workload w = define_bert_base().build();
  EXPECT_EQ(w.total_macs(), 12 * 128 * kLayerMacsPerToken + 12LL * 2 * 128 * 128 * 768 + 768 * 768);
  EXPECT_EQ(w.total_macs(), 11'174'215'680);
  // Embeddings (30522 + 512 + 2) x 768 + LN, 12 layers, pooler 768^2 + 768: bert-base-uncased's count.
  EXPECT_EQ(w.total_params(), (30522 + 512 + 2) * 768 + 2 * 768 + 12 * kLayerParams + 768 * 768 + 768);
  EXPECT_EQ(w.total_params(), 109'482'240);
  // Attention grows with the square of the sequence, the rest linearly.
  const Workload longer = define_bert_base(512).build();
  EXPECT_EQ(matmul_macs(longer), 16 * matmul_macs(w));
  EXPECT_EQ(longer.total_params(), w.total_params());
}

// GPT-2 small: 124,439,808 parameters with the LM head tied to the token
// embedding (counted once): wte 50257 x 768, wpe 1024 x 768, 12 layers, ln_f.
constexpr std::int64_t kGpt2Params = 50257 * 768 + 1024 * 768 + 12 * kLayerParams + 2 * 768;

TEST(ZooTransformers, Gpt2SmallPrefill) {
  const Workload w = define_gpt2_small_prefill().build();
  EXPECT_EQ(kGpt2Params, 124'439'808);
  EXPECT_EQ(w.total_params(), kGpt2Params);
  // 128 tokens through 12 layers, full 128 x 128 score matrices (masked, not
  // skipped), LM head on the last token: 768 x 50257.
  EXPECT_EQ(w.total_macs(), 12 * 128 * kLayerMacsPerToken + 12LL * 2 * 128 * 128 * 768 + 768 * 50257);
}

TEST(ZooTransformers, Gpt2SmallDecodeReadsTheKvCache) {
  const Workload w = define_gpt2_small_decode().build();
  EXPECT_EQ(w.total_params(), kGpt2Params);
  // One token: the layer's linears, Q.K^T and A.V over 1024 cached tokens, LM head.
  EXPECT_EQ(w.total_macs(), 12 * kLayerMacsPerToken + 12LL * 2 * 1024 * 768 + 768 * 50257);
  EXPECT_EQ(w.total_macs(), 142'406'400);
  int state_products = 0, caches = 0;
  for (const Layer& l : w.layers()) {
    if (l.kind == OpKind::kState) {
      ++caches;
      EXPECT_EQ(l.output, (TensorShape{768, 1024, 1}));
    }
    if (l.kind == OpKind::kMatMul) {
      EXPECT_TRUE(l.state_operand);  // both products read a cache
      ++state_products;
    }
  }
  EXPECT_EQ(caches, 24);
  EXPECT_EQ(state_products, 24);
  // The caches are state in DRAM, not live activations: the peak is a few tensors of one token.
  EXPECT_LT(w.peak_activation_bytes(), 100'000);
}

// "name@N" sets the sequence length of the transformers that have one.
TEST(ZooTransformers, SequenceLengthIsAWorkloadParameter) {
  const Workload w = load_workload("bert_base@512");
  EXPECT_EQ(w.name(), "bert_base@512");
  EXPECT_EQ(w.total_macs(), define_bert_base(512).build().total_macs());
  EXPECT_EQ(load_workload("bert_base@128").name(), "bert_base");
  EXPECT_EQ(load_workload("gpt2_small_decode@256").total_macs(),
            12 * kLayerMacsPerToken + 12LL * 2 * 256 * 768 + 768 * 50257);
  EXPECT_WORKLOAD_ERROR(load_workload("bert_base@600"), HasSubstr("sequence length 600 is outside [1, 512]"));
  EXPECT_WORKLOAD_ERROR(load_workload("bert_base@many"), HasSubstr("expected bert_base@N with N the tokens"));
  EXPECT_WORKLOAD_ERROR(load_workload("resnet50@2"), HasSubstr("zoo model 'resnet50' takes no parameter"));
}

}  // namespace
}  // namespace archex::workload
