#pragma once
// Ask/tell on a stored study: a user's own evaluator (a simulator, a board,
// a Python function) drives the study with every guarantee of the trial
// store. ask() claims trials exactly as the study engine does (in one store
// transaction: stale trials of dead or released owners first, with their
// number and point; then new ones, proposed by the study's optimizer from the
// history with the Rng seeded from (seed, first number)); tell() commits the
// reported metrics, scored by the study's objective and constraints, before
// the next proposal. So a study driven by ask/tell resumes after a crash or
// in another process, and serves as priors, like one the engine ran.
//
// Batches (StudySpec::batch > 1): a batch is claimed when no trial of the
// study is running and handed out one trial per ask(), so the trials are the
// same whatever order the results arrive in. Thread-safe.

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "explorer/heartbeat.h"
#include "explorer/study_environment.h"
#include "explorer/trial_history.h"
#include "explorer/trial_proposer.h"
#include "explorer/trial_store.h"

namespace archex::explore {

struct AskTellOptions {
  int batch = 1;  // StudySpec::batch
  // As RunOptions: a running trial this old is taken over; heartbeats refresh
  // the session's trials meanwhile (a user's evaluation may take long).
  std::chrono::milliseconds stale_after{60'000};
  std::chrono::milliseconds heartbeat_interval{5'000};
};

class AskTellSession {
 public:
  // `store` and `env` must outlive the session; `priors` are re-scored for
  // this study (load_priors()).
  AskTellSession(TrialStore& store, StudyRecord study, const StudyEnvironment& env,
                 std::vector<opt::Observation> priors, AskTellOptions options = {});
  // Releases the trials asked and not told: the next ask() of any process
  // re-issues them under the same number and point.
  ~AskTellSession();

  // A trial to evaluate, now held by this session; none when the study has
  // its target number of trials (or, in a batch, while earlier trials are out).
  std::optional<TrialRecord> ask();
  // Stores the reported metrics of a held trial (read_reported_metrics(); a
  // SpecError leaves the trial held, to be told again) and returns what was
  // stored. Throws ExploreError when the session does not hold the trial.
  TrialResult tell(std::int64_t trial_id, const nlohmann::json& reported);
  // Stores a held trial as failed (the user's evaluator raised), with `reason`.
  TrialResult tell_failed(std::int64_t trial_id, const std::string& reason);

  // Trials asked and not yet told.
  int held() const;

 private:
  TrialResult finish(std::int64_t trial_id, TrialResult result);
  std::map<std::int64_t, TrialRecord>::iterator held_trial(std::int64_t trial_id);

  TrialStore& store_;
  StudyRecord study_;
  const StudyEnvironment& env_;
  AskTellOptions options_;
  Owner owner_;
  TrialHistory history_;
  TrialProposer proposer_;
  std::int64_t cursor_ = 0;                  // finish order seen so far
  std::deque<TrialRecord> queued_;           // claimed, not yet handed out (batches)
  std::map<std::int64_t, TrialRecord> held_;  // handed out, by trial id
  mutable std::mutex mutex_;
  std::optional<HeartbeatThread> heartbeat_;  // last: stopped first
};

}  // namespace archex::explore
