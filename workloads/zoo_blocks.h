#pragma once
// Building blocks shared by the model definitions of the zoo.

#include <string>

#include "workloads/workload_builder.h"

namespace archex::workload {

// conv -> batch-norm -> activation (none: kNone), the unit most CNNs are built
// from. The conv is named `name`, the others `name/bn` and `name/<activation>`.
// Returns the name of the last layer.
std::string conv_bn_act(WorkloadBuilder& b, const std::string& name, const std::string& input,
                        const ConvParams& conv, ActivationKind act);

// Squeeze-and-excitation (Hu et al., "Squeeze-and-Excitation Networks", CVPR
// 2018): global average pool, 1x1 conv to `squeeze_channels` + `inner`
// activation, 1x1 conv back to `channels` + `gate` activation, then the input
// scaled channel-wise by the gate. Both 1x1 convs have a bias, as in
// torchvision.ops.SqueezeExcitation. Returns the name of the scaling layer.
std::string squeeze_excite(WorkloadBuilder& b, const std::string& name, const std::string& input,
                           std::int64_t channels, std::int64_t squeeze_channels,
                           ActivationKind inner, ActivationKind gate);

}  // namespace archex::workload
