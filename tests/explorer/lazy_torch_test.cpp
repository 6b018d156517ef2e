// libtorch is a module loaded on first use: commands that train no neural
// surrogate never need it, and one that does, without it, stops with a clear
// error and keeps its trials.

#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/explorer/archex_cli.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

using testing::run_archex;
using testing::TempDir;

// Points ARCHEX_TORCH_MODULE somewhere empty for the children started meanwhile.
class WithoutTorchModule {
 public:
  WithoutTorchModule() { setenv("ARCHEX_TORCH_MODULE", "/nonexistent/libarchex_torch.so", 1); }
  ~WithoutTorchModule() { unsetenv("ARCHEX_TORCH_MODULE"); }
};

TEST(LazyTorch, CommandsWithoutNeuralSurrogatesRunWithoutTheModule) {
  TempDir dir;
  WithoutTorchModule no_torch;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--version"}, {"workloads", "list"}, {"optimizers"},
           {"run", "--optimizer", "gp-bandit", "--trials", "12", "--study", "gp"},
           {"run", "--optimizer", "evolution", "--trials", "12", "--study", "ev"}}) {
    const auto r = run_archex(args, dir.path());
    EXPECT_EQ(r.exit_code, 0) << args.front() << ": " << r.err;
  }
}

TEST(LazyTorch, NeuralOptimizerWithoutTheModuleStopsClearlyAndKeepsItsTrials) {
  TempDir dir;
  {
    WithoutTorchModule no_torch;
    const auto r = run_archex({"run", "--optimizer", "mbo", "--trials", "120", "--batch", "20", "--study", "m"}, dir.path());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("archex: error: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("libarchex_torch.so"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("ARCHEX_TORCH_MODULE"), std::string::npos) << r.err;
  }
  // The random initial trials before the first fit are kept, and the study
  // finishes once the module is found again.
  const auto list = run_archex({"list"}, dir.path());
  EXPECT_NE(list.out.find("/120"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find(" 0/120"), std::string::npos) << list.out;
  const auto resumed = run_archex({"resume", "--study", "m"}, dir.path());
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("120/120"), std::string::npos) << resumed.out;
}

}  // namespace
}  // namespace archex::explore
