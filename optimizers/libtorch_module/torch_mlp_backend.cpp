// libarchex_torch.so: the batched MLP ensemble on libtorch (one batched matrix
// product per layer for all nets, so an ensemble plus its cross-validation
// copies costs about one training run). The only translation unit that
// includes torch.
//
// Determinism: initial weights come from the caller (MlpShape), training is
// full-batch Adam (no sampling), and the number of intra-op threads is set
// explicitly before every torch call.

#include <malloc.h>

#include <memory>
#include <vector>

#include <torch/torch.h>

#include "optimizers/mlp_backend.h"

// OpenBLAS (linked into this module) serves torch's matrix products; its own
// worker threads would make them non-reproducible and, on a busy machine, slow.
extern "C" void openblas_set_num_threads(int threads);

namespace archex::opt {
namespace {

torch::Tensor to_tensor(const Eigen::MatrixXd& m) {
  // Eigen is column-major: build the row-major float copy explicitly.
  torch::Tensor t = torch::empty({m.rows(), m.cols()}, torch::kFloat32);
  auto a = t.accessor<float, 2>();
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) a[i][j] = static_cast<float>(m(i, j));
  return t;
}

class TorchMlpBackend final : public MlpBackend {
 public:
  TorchMlpBackend(const MlpShape& shape, const MlpOptions& options) : nets_(shape.nets), options_(options) {
    for (std::size_t l = 0; l + 1 < shape.sizes.size(); ++l) {
      const std::int64_t in = shape.sizes[l], out = shape.sizes[l + 1];
      torch::Tensor w = torch::empty({nets_, in, out}, torch::kFloat32);
      std::copy(shape.weights[l].begin(), shape.weights[l].end(), w.data_ptr<float>());
      weights_.push_back(w.requires_grad_(true));
      torch::Tensor b = torch::zeros({nets_, 1, out}, torch::kFloat32);
      if (!shape.biases.empty()) std::copy(shape.biases[l].begin(), shape.biases[l].end(), b.data_ptr<float>());
      biases_.push_back(b.requires_grad_(true));
    }
  }

  MlpShape parameters() const override {
    MlpShape shape;
    shape.nets = static_cast<int>(nets_);
    shape.sizes.push_back(static_cast<int>(weights_.front().size(1)));
    auto copy = [](const torch::Tensor& t) {
      const torch::Tensor c = t.detach().contiguous();
      return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    };
    for (std::size_t l = 0; l < weights_.size(); ++l) {
      shape.sizes.push_back(static_cast<int>(weights_[l].size(2)));
      shape.weights.push_back(copy(weights_[l]));
      shape.biases.push_back(copy(biases_[l]));
    }
    return shape;
  }

  void train(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::MatrixXd& row_weights, bool logistic,
             int steps) override {
    torch::set_num_threads(options_.threads);
    const torch::Tensor xt = to_tensor(x);
    const torch::Tensor yt = to_tensor(y).reshape({1, -1});                        // [1, rows]
    const torch::Tensor wt = to_tensor(row_weights).transpose(0, 1).contiguous();  // [nets, rows]
    const torch::Tensor norm = wt.sum(1).clamp_min(1e-9);
    std::vector<torch::Tensor> params = weights_;
    params.insert(params.end(), biases_.begin(), biases_.end());
    torch::optim::Adam adam(params,
                            torch::optim::AdamOptions(options_.learning_rate).weight_decay(options_.weight_decay));
    for (int step = 0; step < steps; ++step) {
      adam.zero_grad();
      const torch::Tensor out = forward(xt);  // [nets, rows]
      const torch::Tensor per_row =
          logistic ? torch::binary_cross_entropy_with_logits(out, yt.expand_as(out), {}, {}, torch::Reduction::None)
                   : (out - yt).square();
      const torch::Tensor loss = ((per_row * wt).sum(1) / norm).sum();
      loss.backward();
      adam.step();
    }
  }

  Eigen::MatrixXd predict(const Eigen::MatrixXd& x) const override {
    torch::set_num_threads(options_.threads);
    torch::NoGradGuard no_grad;
    const torch::Tensor out = forward(to_tensor(x)).contiguous();  // [nets, rows]
    Eigen::MatrixXd m(x.rows(), nets_);
    auto a = out.accessor<float, 2>();
    for (int e = 0; e < nets_; ++e)
      for (Eigen::Index i = 0; i < x.rows(); ++i) m(i, e) = a[e][i];
    return m;
  }

 private:
  torch::Tensor forward(const torch::Tensor& x) const {  // x: [rows, inputs] -> [nets, rows]
    torch::Tensor h = x.unsqueeze(0).expand({nets_, x.size(0), x.size(1)});
    for (std::size_t l = 0; l < weights_.size(); ++l) {
      h = torch::baddbmm(biases_[l], h, weights_[l]);
      if (l + 1 < weights_.size()) h = torch::relu(h);
    }
    return h.squeeze(2);
  }

  std::int64_t nets_;
  MlpOptions options_;
  std::vector<torch::Tensor> weights_;  // [nets, in, out] per layer
  std::vector<torch::Tensor> biases_;   // [nets, 1, out] per layer
};

}  // namespace
}  // namespace archex::opt

extern "C" int archex_mlp_backend_abi() { return archex::opt::kMlpBackendAbi; }

extern "C" archex::opt::MlpBackend* archex_make_mlp_backend(const archex::opt::MlpShape& shape,
                                                            const archex::opt::MlpOptions& options) {
  static const bool set_up = [] {
    openblas_set_num_threads(1);
    // Training allocates and frees tensors of a few MB on every step; by
    // default glibc hands such blocks back to the kernel and faults them in
    // again (millions of page faults, ~20 % of a 4096-trial mbo study's CPU).
    // Keep them in the heap instead.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    return true;
  }();
  (void)set_up;
  return new archex::opt::TorchMlpBackend(shape, options);
}
