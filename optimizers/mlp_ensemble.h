#pragma once
// A set of small multi-layer perceptrons of one shape, trained together as one
// batched libtorch model (one batched matrix product per layer for all nets,
// so an ensemble plus its cross-validation copies costs about one training
// run). This is the only file of the library that includes torch; the
// interface speaks Eigen.
//
// Determinism: weights are drawn from the caller's Rng (not torch's global
// generator), training is full-batch Adam (no sampling), and the number of
// intra-op threads is set explicitly before every torch call.

#include <memory>

#include <Eigen/Core>

#include "optimizers/optimizer.h"

namespace archex::opt {

struct MlpOptions {
  int hidden = 32;               // units per hidden layer
  int layers = 2;                // hidden layers (ReLU)
  double learning_rate = 0.01;   // Adam
  double weight_decay = 1e-4;    // Adam's L2 penalty
  int threads = 1;               // torch intra-op threads while training / predicting
};

class MlpEnsemble {
 public:
  MlpEnsemble(int nets, int inputs, const MlpOptions& options, Rng& rng);
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

  int nets() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace archex::opt
