#include "workloads/zoo_blocks.h"

#include "workloads/op_names.h"

namespace archex::workload {

std::string conv_bn_act(WorkloadBuilder& b, const std::string& name, const std::string& input,
                        const ConvParams& conv, ActivationKind act) {
  std::string x = b.conv2d(name, input, conv);
  x = b.batch_norm(name + "/bn", x);
  if (act != ActivationKind::kNone) x = b.activation(name + "/" + std::string(activation_name(act)), x, act);
  return x;
}

std::string squeeze_excite(WorkloadBuilder& b, const std::string& name, const std::string& input,
                           std::int64_t channels, std::int64_t squeeze_channels,
                           ActivationKind inner, ActivationKind gate) {
  std::string s = b.global_avg_pool(name + "/squeeze", input);
  s = b.conv2d(name + "/reduce", s, {.out_channels = squeeze_channels, .bias = true});
  s = b.activation(name + "/reduce/" + std::string(activation_name(inner)), s, inner);
  s = b.conv2d(name + "/expand", s, {.out_channels = channels, .bias = true});
  s = b.activation(name + "/expand/" + std::string(activation_name(gate)), s, gate);
  return b.mul_tensors(name + "/scale", {input, s});
}

}  // namespace archex::workload
