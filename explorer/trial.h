#pragma once
// Studies and trials as the trial store keeps them. Plain data: the store
// interface (trial_store.h) says who may change what.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "optimizers/search_space.h"

namespace archex::explore {

// running -> complete | infeasible | failed. A finished trial never changes.
enum class TrialState : std::uint8_t { kRunning, kComplete, kInfeasible, kFailed };

// "running", "complete", "infeasible", "failed": the spelling in the database.
std::string_view to_string(TrialState state);
// Throws StoreError for an unknown spelling.
TrialState trial_state_from_string(std::string_view text);

// Whether a larger objective value is better; decides "best" everywhere.
enum class Direction : std::uint8_t { kMinimize, kMaximize };
std::string_view to_string(Direction direction);
Direction direction_from_string(std::string_view text);
// The value optimizers see: they minimise, so a maximised objective is negated.
inline double to_minimization(Direction direction, double value) {
  return direction == Direction::kMaximize ? -value : value;
}
// True if `a` is strictly better than `b` in this direction.
inline bool better(Direction direction, double a, double b) {
  return direction == Direction::kMinimize ? a < b : a > b;
}

// A process (and one engine inside it) that runs trials. The token tells two
// engines of one process apart; host + pid let a resume on the same machine see
// at once that the owner of a running trial has died.
struct Owner {
  std::string host;
  std::int64_t pid = 0;
  std::string token;  // random, unique per engine instance
  // This process, with a fresh random token.
  static Owner current();
  friend bool operator==(const Owner&, const Owner&) = default;
};

// True when `pid` is known not to exist on this machine (kill(pid, 0) says ESRCH).
bool process_is_gone(std::int64_t pid);

struct StudyRecord {
  std::int64_t id = 0;
  std::string name;
  std::string spec_json;     // canonical spec: equal strings <=> same study
  Direction direction = Direction::kMinimize;
  int target_trials = 0;     // the study is done when this many trials finished
  int jobs = 1;              // evaluation threads last asked for
  std::string context_json;  // what the spec resolved to: search space, cost-model version, workloads, baseline
  std::string created_at;
};

// What create_or_get_study needs to create a study.
struct NewStudy {
  std::string name;
  std::string spec_json;
  Direction direction = Direction::kMinimize;
  int target_trials = 0;
  int jobs = 1;
  std::string context_json;
  // Studies whose finished trials (with metrics) become this study's priors,
  // snapshotted at creation.
  std::vector<std::string> prior_studies;
};

struct TrialRecord {
  std::int64_t id = 0;  // unique in the database
  std::int64_t study_id = 0;
  int number = 0;       // 0, 1, 2, ... within the study; never reused
  TrialState state = TrialState::kRunning;
  opt::Point point;         // indices into the search space
  std::string params_json;  // {"parameter": value, ...}: the config, readable
  std::string proposer;
  std::optional<double> value;  // user-facing objective; only for complete trials
  // Every objective, user-facing, in the study's order, when the design was
  // evaluated (complete, or infeasible over a constraint); empty otherwise.
  std::vector<double> values;
  // [{"constraint": "area_mm2<=6.8", "value": 7.1, "satisfied": false}, ...] or "".
  std::string constraints_json;
  std::string metrics_json;     // raw metrics, {"<workload>": {...}, ...}
  std::string reason;           // why infeasible / failed
  bool cached = false;          // every metric came from the evaluation cache
  int attempts = 1;             // 1 + times it was reclaimed and re-run
  std::string started_at, finished_at, heartbeat_at;
  Owner owner;                  // empty token: released, waiting to be re-run
  std::int64_t finish_seq = 0;  // 1, 2, ... in the order trials finished (0 while running)
};

// A trial about to be created: what the optimizer proposed.
struct NewTrial {
  opt::Point point;
  std::string params_json;
  std::string proposer;
};

// The record a store creates for a new study / a newly claimed trial (ids left 0).
StudyRecord make_study_record(const NewStudy& study, std::string created_at);
TrialRecord make_running_trial(std::int64_t study_id, int number, NewTrial proposal, const Owner& owner,
                               const std::string& now);

struct TrialResult {
  TrialState state = TrialState::kComplete;  // complete, infeasible or failed
  std::optional<double> value;               // required for complete, absent otherwise
  std::string metrics_json;                  // absent ("") only for failed
  std::string reason;
  bool cached = false;
  std::vector<double> values;                // every objective (TrialRecord::values)
  std::string constraints_json;              // TrialRecord::constraints_json
};

struct TrialCounts {
  int running = 0, complete = 0, infeasible = 0, failed = 0;
  void add(TrialState state, int n = 1);
  int finished() const { return complete + infeasible + failed; }
  int total() const { return running + finished(); }
};

struct StudySummary {
  StudyRecord study;
  TrialCounts counts;
  std::optional<double> best_value;  // best complete trial, by the study's direction
  int prior_count = 0;
};

// A prior trial: another study's finished trial, linked to this study.
struct PriorTrial {
  std::string study;  // the study it came from
  TrialRecord trial;
};

// "[0.52,31.4,6.1]": how objective values are written in the database; ""
// for none. Throws StoreError naming `text` when it is not such a list.
std::string encode_values(const std::vector<double>& values);
std::vector<double> decode_values(std::string_view text);

// "[3,0,12]": how a point is written in the database.
std::string encode_point(const opt::Point& point);
// Throws StoreError naming `text` when it is not such a list.
opt::Point decode_point(std::string_view text);

}  // namespace archex::explore
