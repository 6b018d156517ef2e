#pragma once
// Keeps an owner's running trials alive: refreshes their heartbeat in the
// store every `interval` from a thread of its own, so trials whose
// evaluation takes long (the engine's thread is busy, or a user's evaluator
// runs between ask and tell) are not taken over as stale.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stop_token>
#include <thread>

#include "explorer/trial_store.h"

namespace archex::explore {

class HeartbeatThread {
 public:
  // `store` must outlive the thread; stopped and joined by the destructor.
  HeartbeatThread(TrialStore& store, std::int64_t study_id, Owner owner, std::chrono::milliseconds interval);

 private:
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: joined (and stopped) first
};

}  // namespace archex::explore
