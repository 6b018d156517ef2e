#pragma once
// How a workload is built from its layer specs: data width and the two graph
// simplifications an inference compiler applies before mapping.

namespace archex::workload {

struct BuildOptions {
  // Bytes per tensor element: 1 = int8 (default; edge accelerators run
  // quantized models), 2 = 16-bit (int16 / fp16 / bf16). Range {1, 2}.
  int bytes_per_element = 1;
  // Fold each batch-norm that directly follows a conv / fully connected layer
  // (and is its only consumer) into that layer's weights and bias, as
  // TFLite / torch.onnx.export do for inference. A folded BN adds one bias per
  // output channel (if the layer had none) and no vector ops. Unfolded, a BN
  // layer has 2 parameters per channel (scale, shift), as torchvision counts
  // them (gamma, beta; running statistics are buffers, not parameters).
  bool fold_batch_norm = true;
  // Merge an activation into the layer before it (conv, fully connected,
  // matmul, add, mul, batch-norm) when it is that layer's only consumer: the
  // activation becomes a post-op of the output pipeline (Layer::activation)
  // instead of a separate pass over the tensor.
  bool fuse_activations = true;

  // Throws WorkloadError naming the field, the value and the constraint.
  void validate() const;
};

}  // namespace archex::workload
