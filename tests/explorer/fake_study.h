#pragma once
// Test doubles for the explorer: a small fake template and cost model (closed
// form, microseconds), environments and specs built from them, and a
// temporary directory.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cost-models/cost_model.h"
#include "explorer/study_environment.h"
#include "explorer/study_runner.h"
#include "explorer/study_spec.h"
#include "explorer/trial_store.h"

namespace archex::explore::testing {

// pe {1,2,4,8,16}, lanes {4,8,16,32,64}, mem_kb {16,32,64,128,256}, bw {5,10,20,40}:
// 500 points; baseline pe=2 lanes=8 mem_kb=64 bw=10.
std::vector<arch::TemplateParameter> fake_parameters();
arch::Config fake_baseline();

// latency_ms = work * (100 / (pe * lanes) + 20 / bw)
// area_mm2   = 0.05 * pe * lanes / 4 + 0.002 * mem_kb * pe + 0.02 * bw
// unmappable when mem_kb < 32 * work; throws for pe=16, lanes=64, mem_kb=256, bw=40.
// `work` is 1 unless set per workload with set_work().
class FakeCostModel : public cost::CostModel {
 public:
  std::string name() const override { return "fake"; }
  std::string version() const override { return version_; }
  cost::Metrics evaluate(const workload::Workload& workload, const arch::Config& config,
                         const cost::EvaluateOptions& options = {}) const override;
  double area_mm2(const arch::Config& config) const override;

  void set_work(const workload::Workload* workload, double work) { work_[workload] = work; }
  void set_version(std::string version) { version_ = std::move(version); }
  // Makes every evaluation take this long (a slow model, so trials overlap).
  void set_delay(std::chrono::microseconds delay) { delay_ = delay; }
  int evaluations() const { return evaluations_; }

 private:
  std::map<const workload::Workload*, double> work_;
  std::string version_ = "1";
  std::chrono::microseconds delay_{0};
  mutable std::atomic<int> evaluations_{0};
};

// The fake model inside an environment made by make_fake_environment().
FakeCostModel& fake_model(StudyEnvironment& env);

struct FakeWorkload {
  std::string name;
  double work = 1.0;
  double weight = 1.0;
};

// An environment over the fake template and model. Optimizer by registry name.
std::unique_ptr<StudyEnvironment> make_fake_environment(ObjectiveKind kind, std::optional<double> budget_mm2,
                                                        std::vector<FakeWorkload> workloads = {{"small"}},
                                                        const std::string& optimizer = "random",
                                                        std::uint64_t seed = 0);
// The environment a fake spec describes (its workloads with work 1).
std::unique_ptr<StudyEnvironment> make_fake_environment(const StudySpec& spec);
// The matching spec (names the same workloads, objective, budget, optimizer, seed).
StudySpec fake_spec(const std::string& name, ObjectiveKind kind, std::optional<double> budget_mm2, int trials,
                    std::vector<FakeWorkload> workloads = {{"small"}}, const std::string& optimizer = "random",
                    std::uint64_t seed = 0);

// What a ScriptedOptimizer saw at its last suggest() call.
struct SeenHistory {
  int calls = 0;
  std::vector<opt::Observation> priors, trials;
  std::vector<opt::Point> pending;
};

// Proposes the points of `script` in turn (trial n gets script[n % size]) and
// records the history it is shown.
OptimizerFactory scripted_optimizer(std::vector<opt::Point> script, std::shared_ptr<SeenHistory> seen);

// The fields of a trial that must be reproducible (no ids, times or owners).
std::string trial_fingerprint(const TrialRecord& trial);
// trial_fingerprint() of every trial of the study, by number.
std::vector<std::string> study_fingerprints(TrialStore& store, const std::string& study);

// Opens (creates or continues) the study and runs it to its target.
RunSummary run_study(TrialStore& store, const StudySpec& spec, std::unique_ptr<StudyEnvironment> env,
                     RunOptions options = {});

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path file(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

std::string read_bytes(const std::filesystem::path& file);
// Files in the directory, by name (to check no side files were left).
std::vector<std::string> list_files(const std::filesystem::path& dir);

}  // namespace archex::explore::testing
