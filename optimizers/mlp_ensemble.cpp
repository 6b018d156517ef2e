#include "optimizers/mlp_ensemble.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include "optimizers/random_utils.h"
#include "optimizers/torch_module.h"

namespace archex::opt {

MlpEnsemble::MlpEnsemble(int nets, int inputs, const MlpOptions& options, Rng& rng) : nets_(nets), inputs_(inputs) {
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

MlpEnsemble::MlpEnsemble(const MlpShape& parameters, const MlpOptions& options)
    : nets_(parameters.nets), inputs_(parameters.sizes.front()), backend_(make_mlp_backend(parameters, options)) {}

void MlpEnsemble::save(StateWriter& out) const {
  const MlpShape p = backend_->parameters();
  out.integer(p.nets);
  out.integer(static_cast<std::int64_t>(p.sizes.size()));
  for (int size : p.sizes) out.integer(size);
  for (std::size_t l = 0; l + 1 < p.sizes.size(); ++l) {
    out.floats(p.weights[l]);
    out.floats(p.biases[l]);
  }
}

MlpEnsemble MlpEnsemble::load(StateReader& in, const MlpOptions& options) {
  MlpShape p;
  p.nets = static_cast<int>(in.integer());
  const std::int64_t layers = in.integer();
  if (p.nets < 1 || layers != options.layers + 2) throw StateFormatError("the saved nets have another shape");
  for (std::int64_t l = 0; l < layers; ++l) p.sizes.push_back(static_cast<int>(in.integer()));
  for (std::size_t l = 0; l + 1 < p.sizes.size(); ++l) {
    const bool output = l + 2 == p.sizes.size();
    if (p.sizes[l] < 1 || p.sizes[l + 1] != (output ? 1 : options.hidden))
      throw StateFormatError("the saved nets have another shape");
    p.weights.push_back(in.floats());
    p.biases.push_back(in.floats());
    if (p.weights.back().size() != static_cast<std::size_t>(p.nets) * p.sizes[l] * p.sizes[l + 1] ||
        p.biases.back().size() != static_cast<std::size_t>(p.nets) * p.sizes[l + 1])
      throw StateFormatError("the saved nets have another shape");
  }
  return MlpEnsemble(p, options);
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
