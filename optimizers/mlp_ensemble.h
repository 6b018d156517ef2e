#pragma once
// A set of small multi-layer perceptrons of one shape, trained together as one
// batched libtorch model (mlp_backend.h; libtorch is loaded on first use). The
// interface speaks Eigen.
//
// Determinism: weights are drawn from the caller's Rng (not torch's global
// generator), training is full-batch Adam (no sampling), and the number of
// intra-op threads is set explicitly before every torch call.

#include <memory>

#include <Eigen/Core>

#include "optimizers/mlp_backend.h"
#include "optimizers/optimizer.h"
#include "optimizers/state_codec.h"

namespace archex::opt {

class MlpEnsemble {
 public:
  MlpEnsemble(int nets, int inputs, const MlpOptions& options, Rng& rng);
  // From saved parameters (see parameters()), to continue training.
  MlpEnsemble(const MlpShape& parameters, const MlpOptions& options);
  ~MlpEnsemble();
  MlpEnsemble(MlpEnsemble&&) noexcept;
  MlpEnsemble& operator=(MlpEnsemble&&) noexcept;

  // `steps` full-batch Adam steps. Net e minimises the weighted mean over rows
  // of its loss with weights row_weights(row, e) (0 leaves a row out: a
  // cross-validation fold, or a bootstrap replicate's counts). Regression:
  // squared error against y. Logistic: cross-entropy, y in {0, 1}.
  void train(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::MatrixXd& row_weights, bool logistic,
             int steps);

  // Outputs, rows x nets (logits for a logistic model).
  Eigen::MatrixXd predict(const Eigen::MatrixXd& x) const;

  int nets() const { return nets_; }
  int inputs() const { return inputs_; }

  // The trained parameters, to warm-start from later (state_codec.h).
  void save(StateWriter& out) const;
  // Throws StateFormatError when the saved parameters are inconsistent.
  static MlpEnsemble load(StateReader& in, const MlpOptions& options);

 private:
  int nets_ = 0;
  int inputs_ = 0;
  std::unique_ptr<MlpBackend> backend_;
};

}  // namespace archex::opt
