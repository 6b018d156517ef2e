#include "explorer/heartbeat.h"

namespace archex::explore {

HeartbeatThread::HeartbeatThread(TrialStore& store, std::int64_t study_id, Owner owner,
                                 std::chrono::milliseconds interval)
    : thread_([&store, study_id, owner = std::move(owner), interval, this](std::stop_token stop) {
        std::unique_lock lock(mutex_);
        while (!wake_.wait_for(lock, stop, interval, [] { return false; }) && !stop.stop_requested()) {
          try {
            store.heartbeat(study_id, owner);
          } catch (const std::exception&) {
            // A missed heartbeat only risks a needless re-run, never a lost trial.
          }
        }
      }) {}

}  // namespace archex::explore
