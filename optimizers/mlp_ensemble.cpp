#include "optimizers/mlp_ensemble.h"

#include <cmath>
#include <vector>

#include "optimizers/random_utils.h"
#include "optimizers/torch_module.h"

namespace archex::opt {

MlpEnsemble::MlpEnsemble(int nets, int inputs, const MlpOptions& options, Rng& rng) : nets_(nets) {
  MlpShape shape;
  shape.nets = nets;
  shape.sizes.push_back(inputs);
  for (int l = 0; l < options.layers; ++l) shape.sizes.push_back(options.hidden);
  shape.sizes.push_back(1);
  for (std::size_t l = 0; l + 1 < shape.sizes.size(); ++l) {
    const int in = shape.sizes[l];
    const bool hidden = l + 2 < shape.sizes.size();
    // He initialisation for ReLU layers (He et al., ICCV 2015), LeCun for the output.
    const double sd = std::sqrt((hidden ? 2.0 : 1.0) / in);
    std::vector<float> w(static_cast<std::size_t>(nets) * in * shape.sizes[l + 1]);
    for (float& v : w) v = static_cast<float>(sd * standard_normal(rng));
    shape.weights.push_back(std::move(w));
  }
  backend_ = make_mlp_backend(shape, options);
}

MlpEnsemble::~MlpEnsemble() = default;
MlpEnsemble::MlpEnsemble(MlpEnsemble&&) noexcept = default;
MlpEnsemble& MlpEnsemble::operator=(MlpEnsemble&&) noexcept = default;

void MlpEnsemble::train(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::MatrixXd& row_weights,
                        bool logistic, int steps) {
  if (x.rows() == 0 || steps <= 0) return;
  backend_->train(x, y, row_weights, logistic, steps);
}

Eigen::MatrixXd MlpEnsemble::predict(const Eigen::MatrixXd& x) const { return backend_->predict(x); }

}  // namespace archex::opt
