#include "explorer/evaluation_pool.h"

namespace archex::explore {

EvaluationPool::EvaluationPool(int threads) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

EvaluationPool::~EvaluationPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    tasks_.clear();
  }
  task_ready_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void EvaluationPool::submit(std::int64_t tag, Task task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.emplace_back(tag, std::move(task));
  }
  task_ready_.notify_one();
}

std::optional<EvaluationPool::Done> EvaluationPool::next(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!result_ready_.wait_for(lock, timeout, [this] { return !done_.empty(); })) return std::nullopt;
  Done done = std::move(done_.front());
  done_.pop_front();
  return done;
}

void EvaluationPool::work() {
  for (;;) {
    std::pair<std::int64_t, Task> task;
    {
      std::unique_lock lock(mutex_);
      task_ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (stopping_) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    // Evaluator::evaluate catches what the cost model throws; anything else is
    // a broken invariant and is allowed to terminate loudly.
    TrialResult result = task.second();
    {
      std::lock_guard lock(mutex_);
      done_.push_back({task.first, std::move(result)});
    }
    result_ready_.notify_one();
  }
}

}  // namespace archex::explore
