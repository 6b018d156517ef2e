#pragma once
// Building blocks of the zoo's transformers. A token sequence is a tensor
// dim x tokens x 1 (layer.h); a weight applied to every token is a 1x1
// convolution. Attention splits the features into heads by addressing, as
// compilers lay it out: the batched matmuls read Q, K, V in place (the ONNX
// importer instead keeps the transposes an export performs, as copies).

#include <cstdint>
#include <string>

#include "workloads/workload_builder.h"

namespace archex::workload {

struct TransformerDims {
  std::int64_t tokens = 0;  // queries this pass computes
  std::int64_t dim = 0;     // d_model
  std::int64_t heads = 0;
  std::int64_t ffn = 0;     // hidden size of the feed-forward network
  // Keys / values attended. 0: the `tokens` themselves (an encoder or a
  // prompt). > 0: a KV cache of that many tokens read from state layers (an
  // LLM decode step); the new keys and values are written into it.
  std::int64_t cached_tokens = 0;
  bool pre_norm = true;     // LayerNorm before attention / FFN (GPT-2, ViT) or after the residual add (BERT)
  bool causal = false;      // a mask select on every attention score (a decoder's prompt)
};

// LayerNorm over the features with its scale and shift (2 x dim parameters).
std::string layer_norm(WorkloadBuilder& b, const std::string& name, const std::string& input, std::int64_t dim);

// A linear layer on every token: a 1x1 convolution with bias.
std::string token_linear(WorkloadBuilder& b, const std::string& name, const std::string& input, std::int64_t out);

// One transformer layer (multi-head self-attention, then a GELU FFN, each
// with a residual connection), as in Vaswani et al. 2017 / GPT-2 / BERT /
// ViT: Q, K, V and output projections (4 d^2 + 4 d parameters), scores
// scaled by 1/sqrt(head dim) and softmax-normalised, FFN (2 d ffn + ffn + d),
// two LayerNorms (4 d). Returns the layer's output.
std::string transformer_layer(WorkloadBuilder& b, const std::string& name, const std::string& input,
                              const TransformerDims& d);

}  // namespace archex::workload
