#include "workloads/zoo_transformer_blocks.h"

namespace archex::workload {
namespace {

std::string tokens_layer(WorkloadBuilder& b, std::string name, OpKind kind, std::vector<std::string> inputs) {
  LayerSpec s;
  s.name = std::move(name);
  s.kind = kind;
  s.inputs = std::move(inputs);
  return b.add(std::move(s));
}

// Batched products: `groups` heads of [rows x inner] x [inner x cols].
std::string heads_matmul(WorkloadBuilder& b, const std::string& name, const std::string& left,
                         const std::string& right, std::int64_t heads, std::int64_t inner, std::int64_t cols,
                         TensorShape output = {0, 1, 1}) {
  LayerSpec s;
  s.name = name;
  s.kind = OpKind::kMatMul;
  s.inputs = {left, right};
  s.groups = heads;
  s.in_channels = inner;
  s.out_channels = cols;
  s.shape = output;
  return b.add(std::move(s));
}

}  // namespace

std::string layer_norm(WorkloadBuilder& b, const std::string& name, const std::string& input, std::int64_t dim) {
  LayerSpec s;
  s.name = name;
  s.kind = OpKind::kLayerNorm;
  s.inputs = {input};
  s.constant_elements = 2 * dim;
  return b.add(std::move(s));
}

std::string token_linear(WorkloadBuilder& b, const std::string& name, const std::string& input, std::int64_t out) {
  return b.conv2d(name, input, {.out_channels = out, .bias = true});
}

std::string transformer_layer(WorkloadBuilder& b, const std::string& name, const std::string& input,
                              const TransformerDims& d) {
  const std::int64_t head_dim = d.dim / d.heads;
  const bool decode = d.cached_tokens > 0;
  const std::int64_t keys = decode ? d.cached_tokens : d.tokens;

  std::string x = d.pre_norm ? layer_norm(b, name + "/ln_1", input, d.dim) : input;
  const std::string q = token_linear(b, name + "/attn/q", x, d.dim);
  std::string k = token_linear(b, name + "/attn/k", x, d.dim);
  std::string v = token_linear(b, name + "/attn/v", x, d.dim);
  if (decode) {
    // This token's key and value go into the caches; attention reads the
    // caches (kept in DRAM across steps, or on chip if they fit).
    LayerSpec write;
    write.name = name + "/attn/cache_write";
    write.kind = OpKind::kCopy;
    write.inputs = {k, v};
    write.shape = {2 * d.dim, d.tokens, 1};
    b.add(std::move(write));
    for (auto* cache : {&k, &v}) {
      LayerSpec state;
      state.name = name + (cache == &k ? "/attn/k_cache" : "/attn/v_cache");
      state.kind = OpKind::kState;
      state.shape = {d.dim, keys, 1};
      *cache = b.add(std::move(state));
    }
  }
  // Scores Q.K^T per head, scaled by 1/sqrt(head dim) (one multiply each).
  std::string scores = heads_matmul(b, name + "/attn/scores", q, k, d.heads, head_dim, keys);
  scores = tokens_layer(b, name + "/attn/scale", OpKind::kMul, {scores});
  if (d.causal) scores = tokens_layer(b, name + "/attn/causal_mask", OpKind::kAdd, {scores});  // a select each
  LayerSpec softmax;
  softmax.name = name + "/attn/softmax";
  softmax.kind = OpKind::kSoftmax;
  softmax.inputs = {scores};
  softmax.in_channels = keys;
  const std::string probs = b.add(std::move(softmax));
  const std::string context =
      heads_matmul(b, name + "/attn/context", probs, v, d.heads, keys, head_dim, {d.dim, d.tokens, 1});
  const std::string attn = token_linear(b, name + "/attn/out", context, d.dim);
  x = b.add_tensors(name + "/attn/residual", {input, attn});
  if (!d.pre_norm) x = layer_norm(b, name + "/ln_1", x, d.dim);

  std::string h = d.pre_norm ? layer_norm(b, name + "/ln_2", x, d.dim) : x;
  h = token_linear(b, name + "/mlp/up", h, d.ffn);
  h = b.activation(name + "/mlp/gelu", h, ActivationKind::kGelu);
  h = token_linear(b, name + "/mlp/down", h, d.dim);
  std::string out = b.add_tensors(name + "/mlp/residual", {x, h});
  if (!d.pre_norm) out = layer_norm(b, name + "/ln_2", out, d.dim);
  return out;
}

}  // namespace archex::workload
