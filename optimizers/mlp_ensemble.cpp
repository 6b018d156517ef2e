#include "optimizers/mlp_ensemble.h"

#include <cmath>
#include <vector>

#include <torch/torch.h>

#include "optimizers/random_utils.h"

namespace archex::opt {

struct MlpEnsemble::Impl {
  int nets = 0;
  MlpOptions options;
  std::vector<torch::Tensor> weights;  // [nets, in, out] per layer
  std::vector<torch::Tensor> biases;   // [nets, 1, out] per layer

  torch::Tensor forward(const torch::Tensor& x) const {  // x: [rows, inputs] -> [nets, rows]
    torch::Tensor h = x.unsqueeze(0).expand({nets, x.size(0), x.size(1)});
    for (std::size_t l = 0; l < weights.size(); ++l) {
      h = torch::baddbmm(biases[l], h, weights[l]);
      if (l + 1 < weights.size()) h = torch::relu(h);
    }
    return h.squeeze(2);
  }
};

namespace {

torch::Tensor to_tensor(const Eigen::MatrixXd& m) {
  // Eigen is column-major: build the row-major float copy explicitly.
  torch::Tensor t = torch::empty({m.rows(), m.cols()}, torch::kFloat32);
  auto a = t.accessor<float, 2>();
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) a[i][j] = static_cast<float>(m(i, j));
  return t;
}

}  // namespace

MlpEnsemble::MlpEnsemble(int nets, int inputs, const MlpOptions& options, Rng& rng)
    : impl_(std::make_unique<Impl>()) {
  impl_->nets = nets;
  impl_->options = options;
  int in = inputs;
  for (int l = 0; l <= options.layers; ++l) {
    const int out = l < options.layers ? options.hidden : 1;
    // He initialisation for ReLU layers (He et al., ICCV 2015), LeCun for the output.
    const double sd = std::sqrt((l < options.layers ? 2.0 : 1.0) / in);
    torch::Tensor w = torch::empty({nets, in, out}, torch::kFloat32);
    float* p = w.data_ptr<float>();
    for (std::int64_t i = 0; i < w.numel(); ++i) p[i] = static_cast<float>(sd * standard_normal(rng));
    impl_->weights.push_back(w.requires_grad_(true));
    impl_->biases.push_back(torch::zeros({nets, 1, out}, torch::kFloat32).requires_grad_(true));
    in = out;
  }
}

MlpEnsemble::~MlpEnsemble() = default;
MlpEnsemble::MlpEnsemble(MlpEnsemble&&) noexcept = default;
MlpEnsemble& MlpEnsemble::operator=(MlpEnsemble&&) noexcept = default;

int MlpEnsemble::nets() const { return impl_->nets; }

void MlpEnsemble::train(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::MatrixXd& row_weights,
                        bool logistic, int steps) {
  if (x.rows() == 0 || steps <= 0) return;
  torch::set_num_threads(impl_->options.threads);
  const torch::Tensor xt = to_tensor(x);
  const torch::Tensor yt = to_tensor(y).reshape({1, -1});            // [1, rows]
  const torch::Tensor wt = to_tensor(row_weights).transpose(0, 1).contiguous();  // [nets, rows]
  const torch::Tensor norm = wt.sum(1).clamp_min(1e-9);
  std::vector<torch::Tensor> params = impl_->weights;
  params.insert(params.end(), impl_->biases.begin(), impl_->biases.end());
  torch::optim::Adam adam(params, torch::optim::AdamOptions(impl_->options.learning_rate)
                                      .weight_decay(impl_->options.weight_decay));
  for (int step = 0; step < steps; ++step) {
    adam.zero_grad();
    const torch::Tensor out = impl_->forward(xt);  // [nets, rows]
    const torch::Tensor per_row =
        logistic ? torch::binary_cross_entropy_with_logits(out, yt.expand_as(out), {}, {}, torch::Reduction::None)
                 : (out - yt).square();
    const torch::Tensor loss = ((per_row * wt).sum(1) / norm).sum();
    loss.backward();
    adam.step();
  }
}

Eigen::MatrixXd MlpEnsemble::predict(const Eigen::MatrixXd& x) const {
  torch::set_num_threads(impl_->options.threads);
  torch::NoGradGuard no_grad;
  const torch::Tensor out = impl_->forward(to_tensor(x)).contiguous();  // [nets, rows]
  Eigen::MatrixXd m(x.rows(), impl_->nets);
  auto a = out.accessor<float, 2>();
  for (int e = 0; e < impl_->nets; ++e)
    for (Eigen::Index i = 0; i < x.rows(); ++i) m(i, e) = a[e][i];
  return m;
}

}  // namespace archex::opt
