#pragma once
// A fixed pool of evaluation threads. Tasks go in tagged with their trial id;
// results come out in the order they finish (arrival order), to one consumer
// — the study engine's thread, the only one that talks to the store.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "explorer/trial.h"

namespace archex::explore {

class EvaluationPool {
 public:
  using Task = std::function<TrialResult()>;
  struct Done {
    std::int64_t tag = 0;
    TrialResult result;
  };

  explicit EvaluationPool(int threads);
  // Drops tasks not started yet and joins the threads (running tasks finish).
  ~EvaluationPool();
  EvaluationPool(const EvaluationPool&) = delete;
  EvaluationPool& operator=(const EvaluationPool&) = delete;

  void submit(std::int64_t tag, Task task);
  // The next finished task, waiting up to `timeout`; nullopt on time-out.
  std::optional<Done> next(std::chrono::milliseconds timeout);
  // The next finished task if one is ready now.
  std::optional<Done> try_next() { return next(std::chrono::milliseconds(0)); }

 private:
  void work();

  std::mutex mutex_;
  std::condition_variable task_ready_, result_ready_;
  std::deque<std::pair<std::int64_t, Task>> tasks_;
  std::deque<Done> done_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace archex::explore
