#pragma once
// Studies evaluated on MPI ranks. Rank 0 owns the studies, their optimizers
// and the database; it hands points to the other ranks, which only evaluate
// (serve_evaluations) and answer as soon as they finish, so a slow
// evaluation never idles the others. A worker builds a study's environment
// (template, workloads, cost model or external evaluator) from the spec rank
// 0 sends with its first point of that study; nothing on a worker touches the
// database.
//
// A worker that dies takes the job down (MPI's default error handling): rank
// 0 ends with its running trials still marked running in the database, and
// `archex resume` (with or without MPI) re-runs them — nothing is lost or
// repeated.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "explorer/evaluation_executor.h"
#include "explorer/evaluator.h"
#include "explorer/mpi_transport.h"
#include "explorer/study_spec.h"

namespace archex::explore {

// What rank 0 sends so that a worker can build a study's environment.
std::string worker_spec_message(const StudySpec& spec);

// Ranks 1..N-1: evaluate what rank 0 sends until it says stop. `stop` (the
// worker's SIGINT / SIGTERM flag) cuts an external evaluation short; the
// worker still waits for rank 0's stop.
void serve_evaluations(MpiTransport& transport, const std::atomic<bool>* stop);

// Rank 0: hands evaluations of any number of studies to the workers (and to
// `local_slots` threads of its own) through one message thread.
class MpiEvaluationDispatcher {
 public:
  MpiEvaluationDispatcher(MpiTransport& transport, int local_slots);
  // Tells the workers to stop (interrupting evaluations in progress) and waits
  // briefly for their last answers.
  ~MpiEvaluationDispatcher();
  MpiEvaluationDispatcher(const MpiEvaluationDispatcher&) = delete;
  MpiEvaluationDispatcher& operator=(const MpiEvaluationDispatcher&) = delete;

  int workers() const { return transport_.size() - 1; }
  int slots() const { return workers() + local_slots_; }
  // An executor for one study's engine, `capacity` evaluations at once;
  // `local` evaluates the study on rank 0's own slots.
  std::unique_ptr<EvaluationExecutor> executor(const StudySpec& spec, const Evaluator& local, int capacity);

  struct Channel;
 private:
  struct Job {
    std::shared_ptr<Channel> channel;
    std::int64_t tag = 0;
    opt::Point point;
  };
  friend class MpiExecutor;
  void enqueue(Job job);
  void message_loop();
  void local_loop();
  std::optional<Job> take_pending();  // under mutex_

  MpiTransport& transport_;
  int local_slots_;
  std::mutex mutex_;
  std::condition_variable pending_ready_;
  std::deque<Job> pending_;
  std::vector<std::optional<Job>> busy_;           // by worker rank
  std::vector<std::vector<std::string>> sent_;     // study keys each worker has the spec of
  std::atomic<bool> stopping_{false};
  std::thread messages_;
  std::vector<std::thread> locals_;
};

}  // namespace archex::explore
