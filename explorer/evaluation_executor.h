#pragma once
// Where a study engine sends its evaluations when they do not run on its own
// threads (e.g. MPI ranks, mpi_evaluation.h): points go in tagged with their
// trial id, results come back in the order they finish. Only the engine's
// thread calls it.

#include <chrono>
#include <cstdint>
#include <optional>

#include "explorer/evaluation_pool.h"
#include "optimizers/search_space.h"

namespace archex::explore {

class EvaluationExecutor {
 public:
  virtual ~EvaluationExecutor() = default;
  // How many evaluations may be in flight at once.
  virtual int capacity() const = 0;
  virtual void submit(std::int64_t tag, const opt::Point& point) = 0;
  // The next finished evaluation, waiting up to `timeout`; nullopt on time-out.
  virtual std::optional<EvaluationPool::Done> next(std::chrono::milliseconds timeout) = 0;
};

}  // namespace archex::explore
