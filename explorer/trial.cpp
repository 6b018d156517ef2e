#include "explorer/trial.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <charconv>
#include <cstdio>
#include <random>
#include <signal.h>
#include <unistd.h>

#include "explorer/errors.h"

namespace archex::explore {

std::string_view to_string(TrialState state) {
  switch (state) {
    case TrialState::kRunning: return "running";
    case TrialState::kComplete: return "complete";
    case TrialState::kInfeasible: return "infeasible";
    case TrialState::kFailed: return "failed";
  }
  return "?";
}

TrialState trial_state_from_string(std::string_view text) {
  for (auto state : {TrialState::kRunning, TrialState::kComplete, TrialState::kInfeasible,
                     TrialState::kFailed})
    if (to_string(state) == text) return state;
  throw StoreError("unknown trial state '" + std::string(text) +
                   "' (expected running, complete, infeasible or failed)");
}

std::string_view to_string(Direction direction) {
  return direction == Direction::kMinimize ? "minimize" : "maximize";
}

Direction direction_from_string(std::string_view text) {
  if (text == "minimize") return Direction::kMinimize;
  if (text == "maximize") return Direction::kMaximize;
  throw StoreError("unknown direction '" + std::string(text) + "' (expected minimize or maximize)");
}

Owner Owner::current() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::random_device entropy;
  const std::uint64_t token = (std::uint64_t{entropy()} << 32) ^ entropy();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(token));
  return Owner{host, static_cast<std::int64_t>(getpid()), hex};
}

bool process_is_gone(std::int64_t pid) {
  if (pid <= 0) return false;
  return kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

void TrialCounts::add(TrialState state, int n) {
  switch (state) {
    case TrialState::kRunning: running += n; break;
    case TrialState::kComplete: complete += n; break;
    case TrialState::kInfeasible: infeasible += n; break;
    case TrialState::kFailed: failed += n; break;
  }
}

StudyRecord make_study_record(const NewStudy& study, std::string created_at) {
  return StudyRecord{0,          study.name,         study.spec_json, study.direction, study.target_trials,
                     study.jobs, study.context_json, std::move(created_at)};
}

TrialRecord make_running_trial(std::int64_t study_id, int number, NewTrial proposal, const Owner& owner,
                               const std::string& now) {
  TrialRecord trial;
  trial.study_id = study_id;
  trial.number = number;
  trial.state = TrialState::kRunning;
  trial.point = std::move(proposal.point);
  trial.params_json = std::move(proposal.params_json);
  trial.proposer = std::move(proposal.proposer);
  trial.started_at = trial.heartbeat_at = now;
  trial.owner = owner;
  return trial;
}

std::string encode_point(const opt::Point& point) {
  std::string text = "[";
  char buffer[16];
  for (std::size_t i = 0; i < point.size(); ++i) {
    if (i) text += ',';
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, point[i]);
    text.append(buffer, end);
  }
  text += ']';
  return text;
}

namespace {

// Walks "[a,b,c]" (or "[]"), handing each item's start to `read_one`, which
// returns where the item ends or nullptr when it is not valid; throws `fail()`.
template <typename ReadOne, typename Fail>
void walk_list(std::string_view text, ReadOne read_one, Fail fail) {
  if (text.size() < 2 || text.front() != '[' || text.back() != ']') throw fail();
  const char* p = text.data() + 1;
  const char* end = text.data() + text.size() - 1;
  while (p < end) {
    p = read_one(p, end);
    if (!p) throw fail();
    if (p < end) {
      if (*p != ',') throw fail();
      ++p;
      if (p == end) throw fail();
    }
  }
}

}  // namespace

opt::Point decode_point(std::string_view text) {
  opt::Point point;
  walk_list(
      text,
      [&](const char* p, const char* end) -> const char* {
        int value = 0;
        auto [next, ec] = std::from_chars(p, end, value);
        if (ec != std::errc() || value < 0) return nullptr;
        point.push_back(value);
        return next;
      },
      [&] { return StoreError("bad point '" + std::string(text) + "' (expected a list like [3,0,12])"); });
  return point;
}

std::string encode_values(const std::vector<double>& values) {
  if (values.empty()) return "";
  // 17 significant digits: a value reads back as the same double.
  std::string text = "[";
  char buffer[32];
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::snprintf(buffer, sizeof buffer, "%.17g", values[i]);
    if (i) text += ',';
    text += buffer;
  }
  return text + "]";
}

std::vector<double> decode_values(std::string_view text) {
  if (text.empty()) return {};
  std::vector<double> values;
  walk_list(
      text,
      [&](const char* p, const char* end) -> const char* {
        double value = 0;
        auto [next, ec] = std::from_chars(p, end, value);
        if (ec != std::errc() || !std::isfinite(value)) return nullptr;
        values.push_back(value);
        return next;
      },
      [&] { return StoreError("bad objective values '" + std::string(text) + "' (expected a list like [0.5,31])"); });
  return values;
}

}  // namespace archex::explore
