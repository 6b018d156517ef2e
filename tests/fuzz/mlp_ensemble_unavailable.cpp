// The fuzz build's optimizers/mlp_ensemble.cpp (see optimizers/CMakeLists.txt):
// no libtorch, so an MLP ensemble cannot be made. The parsers under fuzzing
// only name and configure optimizers; none trains one.

#include "optimizers/mlp_ensemble.h"
#include "optimizers/registry.h"

namespace archex::opt {

struct MlpEnsemble::Impl {};

MlpEnsemble::MlpEnsemble(int, int, const MlpOptions&, Rng&) {
  throw OptimizerError("MLP surrogates are not part of the fuzz build (no libtorch)");
}
MlpEnsemble::~MlpEnsemble() = default;
MlpEnsemble::MlpEnsemble(MlpEnsemble&&) noexcept = default;
MlpEnsemble& MlpEnsemble::operator=(MlpEnsemble&&) noexcept = default;

void MlpEnsemble::train(const Eigen::MatrixXd&, const Eigen::VectorXd&, const Eigen::MatrixXd&, bool, int) {}
Eigen::MatrixXd MlpEnsemble::predict(const Eigen::MatrixXd&) const { return {}; }
int MlpEnsemble::nets() const { return 0; }

}  // namespace archex::opt
