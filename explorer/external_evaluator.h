#pragma once
// An external evaluator: a user's command (a simulator adapter, a board
// driver) that measures designs instead of the analytical model, speaking JSON
// lines on stdin / stdout (docs/evaluators.md):
//   evaluator -> archex, first line: {"archex_evaluator": 1, "name": N, "version": V}
//   archex -> evaluator, per design:  {"id": 7, "config": {...}, "workload": {"name": W, "file": F},
//                                      "template": T, "batch_size": 1}
//   evaluator -> archex:              {"id": 7, "latency_ms": .., "energy_uj": .., "area_mm2": ..,
//                                      "feasible": true} | {"id": 7, "error": "..."}
// One process per evaluation thread (started on first use, kept for the
// next designs). An attempt that times out, finds the process gone, or reads
// a line that is not the answer kills the process; the design is tried again
// on a fresh one, up to `retries` more times, and then fails with every
// attempt's message. An answer with "error" fails the design at once (the
// evaluator is working; the design is what it cannot measure).
// Thread-safe.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cost-models/cost_model.h"
#include "explorer/child_process.h"
#include "explorer/study_spec.h"

namespace archex::explore {

struct EvalWorkload;
struct StudyEnvironment;

// A design the evaluator could not measure; the message says why (every attempt).
class EvaluationFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ExternalEvaluator {
 public:
  // `env` must outlive the evaluator (its template, workloads and area model).
  // Writes each workload as a workload file into a fresh temporary directory
  // (removed on destruction). Throws ExploreError for a malformed command.
  ExternalEvaluator(const EvaluatorSpec& spec, const StudyEnvironment& env);
  ~ExternalEvaluator();

  // "NAME VERSION" as the evaluator declares it in its first line; starts a
  // process when none has answered yet (retried as a measurement is; the
  // handshake may take the timeout, and at least 60 s). Throws EvaluationFailure.
  std::string version();

  // Measures `workload` on `config` (`params` is the config as JSON). The
  // metrics carry what the evaluator reported; a missing area_mm2 comes from
  // archex's own area model. `record` receives the JSON stored with the trial
  // (the metrics plus the evaluator and its raw answer).
  cost::Metrics measure(const EvalWorkload& workload, const arch::Config& config, const nlohmann::json& params,
                        nlohmann::json& record);

  // Makes measurements in progress (and later ones) return at once, failed;
  // `stop` (e.g. Ctrl-C) does the same while set.
  void interrupt() { interrupted_ = true; }
  void watch(const std::atomic<bool>* stop) { stop_ = stop; }

 private:
  struct Process;
  std::unique_ptr<Process> start();
  std::unique_ptr<Process> checkout();
  void checkin(std::unique_ptr<Process> process);
  bool stopping() const { return interrupted_ || (stop_ && stop_->load()); }
  // One attempt on `process`: the answer, or throws EvaluationFailure (the process is then unusable).
  nlohmann::json ask(Process& process, const nlohmann::json& request);
  ChildProcess::Read read_line(Process& process, std::string& line, double timeout_s);

  EvaluatorSpec spec_;
  std::vector<std::string> argv_;
  const StudyEnvironment& env_;
  std::filesystem::path workload_dir_;
  std::vector<std::string> workload_files_;  // one per env_.workloads entry
  std::mutex mutex_;
  std::vector<std::unique_ptr<Process>> idle_;
  std::optional<std::string> version_;
  std::atomic<std::int64_t> next_id_{1};
  std::atomic<bool> interrupted_{false};
  const std::atomic<bool>* stop_ = nullptr;
};

}  // namespace archex::explore
