#include "explorer/trial_store.h"

#include <algorithm>

#include "explorer/closest_name.h"
#include "explorer/errors.h"

namespace archex::explore {

StudyRecord TrialStore::get_study(std::string_view name) {
  if (auto study = find_study(name)) return *study;
  std::vector<std::string> names;
  for (const auto& summary : list_studies()) names.push_back(summary.study.name);
  std::string message = "no study '" + std::string(name) + "' in " + location();
  if (names.empty()) {
    message += " (it has no studies)";
  } else if (const auto close = closest_name(name, names)) {
    message += "; did you mean '" + *close + "'?";
  } else {
    message += " (studies: ";
    for (std::size_t i = 0; i < names.size() && i < 10; ++i) {
      if (i > 0) message += ", ";
      message += names[i];
    }
    message += names.size() > 10 ? ", … " + std::to_string(names.size()) + " in all)" : ")";
  }
  throw StudyNotFound(message);
}

bool is_stale(const TrialRecord& running, const Owner& me, std::string_view stale_before) {
  if (running.owner.token.empty()) return true;      // released
  if (running.owner.token == me.token) return false;  // mine
  if (running.heartbeat_at < stale_before) return true;
  // Same machine and the owning process has exited: no need to wait for the
  // heartbeat to age (a resume right after kill -9).
  return running.owner.host == me.host && process_is_gone(running.owner.pid);
}

void check_trial_result(const TrialResult& result) {
  if (result.state == TrialState::kRunning) throw StoreError("finish_trial: the result state is 'running'");
  if ((result.state == TrialState::kComplete) != result.value.has_value())
    throw StoreError("finish_trial: a complete trial needs an objective value, and only a complete one has it");
}

int new_trial_count(const ClaimRequest& request, int reclaimed, std::size_t running, int target, int created) {
  if (request.create_only_when_idle && running > 0) return 0;
  return std::max(0, std::min(request.max_count - reclaimed, target - created));
}

}  // namespace archex::explore
