// Transformers of the zoo: ViT-B/16, BERT-base, GPT-2 small (prefill and one
// decode step). Counts are per inference (batch 1).

#include <string>

#include "workloads/registry.h"
#include "workloads/zoo.h"
#include "workloads/zoo_transformer_blocks.h"

namespace archex::workload {
namespace {

// The workload's name: the zoo name, with "@N" for a non-default length.
std::string sized_name(const char* name, std::int64_t n, std::int64_t fallback, std::int64_t limit) {
  if (n < 1 || n > limit)
    throw WorkloadError(std::string(name) + ": sequence length " + std::to_string(n) + " is outside [1, " +
                        std::to_string(limit) + "] (the model's positions)");
  return n == fallback ? name : std::string(name) + "@" + std::to_string(n);
}

// The first token's features (ViT's class token, BERT's [CLS]): a copy.
std::string first_token(WorkloadBuilder& b, const std::string& name, const std::string& input, std::int64_t dim) {
  LayerSpec s;
  s.name = name;
  s.kind = OpKind::kCopy;
  s.inputs = {input};
  s.shape = {dim, 1, 1};
  return b.add(std::move(s));
}

// Adds a constant table (a positional / token-type embedding) to every token.
std::string add_table(WorkloadBuilder& b, const std::string& name, const std::string& input,
                      std::int64_t table_elements) {
  LayerSpec s;
  s.name = name;
  s.kind = OpKind::kAdd;
  s.inputs = {input};
  s.constant_elements = table_elements;
  return b.add(std::move(s));
}

std::string token_embedding(WorkloadBuilder& b, const std::string& name, const std::string& ids,
                            std::int64_t vocabulary, std::int64_t dim, bool tied) {
  LayerSpec s;
  s.name = name;
  s.kind = OpKind::kEmbedding;
  s.inputs = {ids};
  s.in_channels = vocabulary;
  s.out_channels = dim;
  s.tied = tied;
  return b.add(std::move(s));
}

// GPT-2 small (Radford et al. 2019; Hugging Face "gpt2"): vocabulary 50257,
// 1024 positions, 12 pre-norm layers of d 768, 12 heads, FFN 3072, a final
// LayerNorm, the LM head tied to the token embedding. Parameters 124,439,808
// (the tied table counted once, in the LM head). The LM head computes the
// logits of the last token only, all a generation step needs.
constexpr std::int64_t kGpt2Positions = 1024;
WorkloadBuilder gpt2_small(const std::string& name, std::int64_t tokens, std::int64_t cached_tokens) {
  constexpr std::int64_t kVocabulary = 50257, kPositions = kGpt2Positions, kDim = 768;
  WorkloadBuilder b(name);
  std::string x = b.input("input_ids", {tokens, 1, 1});
  x = token_embedding(b, "wte", x, kVocabulary, kDim, /*tied=*/true);
  x = add_table(b, "wpe", x, kPositions * kDim);
  const TransformerDims d{.tokens = tokens, .dim = kDim, .heads = 12, .ffn = 3072,
                          .cached_tokens = cached_tokens, .pre_norm = true, .causal = cached_tokens == 0};
  for (int i = 0; i < 12; ++i) x = transformer_layer(b, "h." + std::to_string(i), x, d);
  x = layer_norm(b, "ln_f", x, kDim);
  if (tokens > 1) {
    LayerSpec last;
    last.name = "last_token";
    last.kind = OpKind::kCopy;
    last.inputs = {x};
    last.shape = {kDim, 1, 1};
    x = b.add(std::move(last));
  }
  b.fully_connected("lm_head", x, kVocabulary, /*bias=*/false);
  return b;
}

}  // namespace

// Dosovitskiy et al., "An Image is Worth 16x16 Words", ICLR 2021, ViT-Base
// with 16 x 16 patches at 224 x 224, as torchvision.models.vit_b_16: patch
// embedding conv, class token, learned positional embedding (197 x 768), 12
// pre-norm layers (d 768, 12 heads, MLP 3072), final LayerNorm, linear head on
// the class token. torchvision: 86,567,656 parameters, 17.56 GFLOPS (MACs,
// incl. the 0.72 G of attention products).
WorkloadBuilder define_vit_b_16() {
  constexpr std::int64_t kDim = 768, kTokens = 197;
  WorkloadBuilder b("vit_b_16");
  std::string x = b.input("input", {3, 224, 224});
  x = b.conv2d("conv_proj", x, {.out_channels = kDim, .kernel = 16, .stride = 16, .bias = true});
  LayerSpec tokens;  // 768 x 14 x 14 read as 768 features x 196 tokens: the same memory order
  tokens.name = "patches";
  tokens.kind = OpKind::kReshape;
  tokens.inputs = {x};
  tokens.shape = {kDim, kTokens - 1, 1};
  x = b.add(std::move(tokens));
  LayerSpec cls;
  cls.name = "class_token";
  cls.kind = OpKind::kConcat;
  cls.inputs = {x};
  cls.shape = {kDim, kTokens, 1};
  cls.constant_elements = kDim;
  x = b.add(std::move(cls));
  x = add_table(b, "pos_embedding", x, kTokens * kDim);
  const TransformerDims d{.tokens = kTokens, .dim = kDim, .heads = 12, .ffn = 3072};
  for (int i = 0; i < 12; ++i) x = transformer_layer(b, "encoder_layer_" + std::to_string(i), x, d);
  x = layer_norm(b, "ln", x, kDim);
  x = first_token(b, "class_token_out", x, kDim);
  b.fully_connected("head", x, 1000);
  return b;
}

// Devlin et al., "BERT", NAACL 2019, BERT-base (Hugging Face
// "bert-base-uncased"): vocabulary 30522, 512 positions, 2 token types, 12
// post-norm layers (d 768, 12 heads, FFN 3072), tanh pooler on [CLS].
// 109,482,240 parameters. `tokens`: the sequence length (<= 512).
WorkloadBuilder define_bert_base(std::int64_t tokens) {
  constexpr std::int64_t kDim = 768;
  WorkloadBuilder b(sized_name("bert_base", tokens, 128, 512));
  std::string x = b.input("input_ids", {tokens, 1, 1});
  x = token_embedding(b, "word_embeddings", x, 30522, kDim, /*tied=*/false);
  x = add_table(b, "position_embeddings", x, 512 * kDim);
  x = add_table(b, "token_type_embeddings", x, 2 * kDim);
  x = layer_norm(b, "embeddings/ln", x, kDim);
  const TransformerDims d{.tokens = tokens, .dim = kDim, .heads = 12, .ffn = 3072, .pre_norm = false};
  for (int i = 0; i < 12; ++i) x = transformer_layer(b, "layer." + std::to_string(i), x, d);
  x = first_token(b, "cls", x, kDim);
  x = b.fully_connected("pooler", x, kDim);
  b.activation("pooler/tanh", x, ActivationKind::kTanh);
  return b;
}

WorkloadBuilder define_gpt2_small_prefill(std::int64_t prompt_tokens) {
  return gpt2_small(sized_name("gpt2_small_prefill", prompt_tokens, 128, kGpt2Positions), prompt_tokens, 0);
}

WorkloadBuilder define_gpt2_small_decode(std::int64_t cached_tokens) {
  return gpt2_small(sized_name("gpt2_small_decode", cached_tokens, 1024, kGpt2Positions), 1, cached_tokens);
}

}  // namespace archex::workload
