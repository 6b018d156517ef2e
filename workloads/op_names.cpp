#include "workloads/op_names.h"

#include <array>
#include <utility>

namespace archex::workload {
namespace {

constexpr std::array<std::pair<OpKind, std::string_view>, 23> kOpNames{{
    {OpKind::kInput, "input"},
    {OpKind::kConv2d, "conv2d"},
    {OpKind::kFullyConnected, "fully_connected"},
    {OpKind::kMatMul, "matmul"},
    {OpKind::kMaxPool, "max_pool"},
    {OpKind::kAvgPool, "avg_pool"},
    {OpKind::kGlobalAvgPool, "global_avg_pool"},
    {OpKind::kAdd, "add"},
    {OpKind::kMul, "mul"},
    {OpKind::kConcat, "concat"},
    {OpKind::kActivation, "activation"},
    {OpKind::kBatchNorm, "batch_norm"},
    {OpKind::kReshape, "reshape"},
    {OpKind::kConvTranspose, "conv_transpose"},
    {OpKind::kSoftmax, "softmax"},
    {OpKind::kLayerNorm, "layer_norm"},
    {OpKind::kReduceMean, "reduce_mean"},
    {OpKind::kReduceSum, "reduce_sum"},
    {OpKind::kDiv, "div"},
    {OpKind::kCopy, "copy"},
    {OpKind::kResize, "resize"},
    {OpKind::kEmbedding, "embedding"},
    {OpKind::kState, "state"},
}};

constexpr std::array<std::pair<ActivationKind, std::string_view>, 12> kActivationNames{{
    {ActivationKind::kNone, "none"},
    {ActivationKind::kRelu, "relu"},
    {ActivationKind::kRelu6, "relu6"},
    {ActivationKind::kSigmoid, "sigmoid"},
    {ActivationKind::kHardSwish, "hard_swish"},
    {ActivationKind::kHardSigmoid, "hard_sigmoid"},
    {ActivationKind::kGelu, "gelu"},
    {ActivationKind::kErf, "erf"},
    {ActivationKind::kTanh, "tanh"},
    {ActivationKind::kExp, "exp"},
    {ActivationKind::kSqrt, "sqrt"},
    {ActivationKind::kReciprocal, "reciprocal"},
}};

template <typename Table>
std::string joined_names(const Table& table) {
  std::string out;
  for (const auto& [value, name] : table) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

template <typename Table, typename Value>
std::string_view name_of(const Table& table, Value value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return "unknown";
}

template <typename Table>
auto value_of(const Table& table, std::string_view name)
    -> std::optional<typename Table::value_type::first_type> {
  for (const auto& [value, n] : table)
    if (n == name) return value;
  return std::nullopt;
}

}  // namespace

std::string_view op_kind_name(OpKind kind) { return name_of(kOpNames, kind); }
std::optional<OpKind> parse_op_kind(std::string_view name) { return value_of(kOpNames, name); }
std::string op_kind_names() { return joined_names(kOpNames); }

std::string_view activation_name(ActivationKind kind) { return name_of(kActivationNames, kind); }
std::optional<ActivationKind> parse_activation(std::string_view name) {
  return value_of(kActivationNames, name);
}
std::string activation_names() { return joined_names(kActivationNames); }

}  // namespace archex::workload
