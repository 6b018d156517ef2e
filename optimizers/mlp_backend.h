#pragma once
// The boundary between the optimizers and libtorch. libtorch (~300 shared
// libraries, 1-2 s to load) lives in a separately built module,
// libarchex_torch.so, loaded on first use (torch_module.h), so commands that
// train no neural surrogate start in milliseconds. Both sides are built from
// this header by the same build; kMlpBackendAbi guards against a stale module.

#include <vector>

#include <Eigen/Core>

namespace archex::opt {

struct MlpOptions {
  int hidden = 32;               // units per hidden layer
  int layers = 2;                // hidden layers (ReLU)
  double learning_rate = 0.01;   // Adam
  double weight_decay = 1e-4;    // Adam's L2 penalty
  int threads = 1;               // torch intra-op threads while training / predicting
};

// Parameters of `nets` MLPs of one shape: initial ones drawn by the caller
// (so the study's Rng, not torch's generator, decides them), or trained ones
// read back (to save a model and warm-start from it). Layer l maps
// sizes[l] -> sizes[l+1]; weights[l] is [nets][sizes[l]][sizes[l+1]] row-major,
// biases[l] is [nets][sizes[l+1]]; no biases: they start at zero.
struct MlpShape {
  int nets = 0;
  std::vector<int> sizes;                  // inputs, hidden..., 1
  std::vector<std::vector<float>> weights;  // one per layer
  std::vector<std::vector<float>> biases;   // one per layer, or none
};

class MlpBackend {
 public:
  virtual ~MlpBackend() = default;
  // See MlpEnsemble::train / predict.
  virtual void train(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::MatrixXd& row_weights,
                     bool logistic, int steps) = 0;
  virtual Eigen::MatrixXd predict(const Eigen::MatrixXd& x) const = 0;
  // The current parameters (biases included).
  virtual MlpShape parameters() const = 0;
};

inline constexpr int kMlpBackendAbi = 2;

}  // namespace archex::opt

// Exported by the module (C linkage: stable, unmangled names for dlsym).
extern "C" {
int archex_mlp_backend_abi();
archex::opt::MlpBackend* archex_make_mlp_backend(const archex::opt::MlpShape& shape,
                                                 const archex::opt::MlpOptions& options);
}
