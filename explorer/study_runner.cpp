#include "explorer/study_runner.h"

#include <algorithm>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <thread>

#include "explorer/errors.h"
#include "explorer/evaluation_pool.h"
#include "explorer/evaluator.h"
#include "explorer/heartbeat.h"
#include "explorer/priors.h"
#include "explorer/trial_history.h"
#include "explorer/trial_proposer.h"

namespace archex::explore {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

opt::Rng proposal_rng(std::uint64_t seed, int first_number) {
  std::seed_seq sequence{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                         static_cast<std::uint32_t>(first_number)};
  return opt::Rng(sequence);
}

void RunOptions::validate() const {
  if (jobs < 1 || jobs > 256)
    throw ExploreError("run option 'jobs': " + std::to_string(jobs) + " must be from 1 to 256");
  if (stale_after.count() < 0)
    throw ExploreError("run option 'stale_after': " + std::to_string(stale_after.count()) + " ms must not be negative");
  if (heartbeat_interval.count() <= 0 || heartbeat_interval * 2 > stale_after)
    throw ExploreError("run option 'heartbeat_interval': " + std::to_string(heartbeat_interval.count()) +
                       " ms must be positive and at most half of stale_after (" +
                       std::to_string(stale_after.count()) + " ms)");
  if (batch < 1 || batch > 1024)
    throw ExploreError("run option 'batch': " + std::to_string(batch) + " must be from 1 to 1024");
  if (poll_interval.count() <= 0)
    throw ExploreError("run option 'poll_interval': " + std::to_string(poll_interval.count()) + " ms must be positive");
}

StudyRunner::StudyRunner(TrialStore& store, StudyRecord study, const StudyEnvironment& env,
                         std::vector<opt::Observation> priors, RunOptions options)
    : store_(store), study_(std::move(study)), env_(env), priors_(std::move(priors)), options_(std::move(options)) {
  options_.validate();
}

StudyRunner::~StudyRunner() = default;

RunSummary StudyRunner::run() {
  const auto start = Clock::now();
  const Owner owner = Owner::current();
  auto cache = options_.cache ? options_.cache : std::make_shared<EvaluationCache>();
  Evaluator evaluator(env_, cache);
  evaluator.watch(options_.stop);
  TrialHistory history = make_study_history(priors_, env_);
  auto stop_requested = [&] { return options_.stop && options_.stop->load(); };

  // Results already in the store go into the cache, so a continued study marks
  // the same trials `cached` as an uninterrupted run would.
  for (const auto& trial : store_.trials(study_.id))
    if (trial.state == TrialState::kComplete || trial.state == TrialState::kInfeasible)
      evaluator.remember(trial.point, trial.metrics_json);

  TrialProposer propose(env_, history);
  propose.restore_state(store_, study_.id);

  RunSummary summary;
  int failures_in_a_row = 0;
  std::map<std::int64_t, TrialRecord> inflight;  // by trial id
  std::int64_t cursor = 0;
  int target = study_.target_trials;
  auto report = [&] {
    if (!options_.on_progress) return;
    RunProgress progress;
    progress.finished = history.finished();
    progress.target = target;
    progress.running = static_cast<int>(inflight.size());
    progress.finished_here = summary.finished_here;
    if (history.best()) progress.best = history.best()->value;
    progress.elapsed_s = seconds_since(start);
    options_.on_progress(progress);
  };
  auto commit = [&](std::int64_t trial_id, TrialResult result) {
    auto it = inflight.find(trial_id);
    if (it == inflight.end()) return;
    TrialRecord trial = std::move(it->second);
    inflight.erase(it);
    // false: a faster engine took the trial over while we were slow; its
    // result (the same, evaluation is deterministic) stands.
    if (!store_.finish_trial(trial_id, owner, result)) return;
    failures_in_a_row = result.state == TrialState::kFailed ? failures_in_a_row + 1 : 0;
    ++summary.finished_here;
    if (result.cached) ++summary.cached_here;
    if (trial.attempts > 1) ++summary.reclaimed;
    trial.state = result.state;
    trial.value = result.value;
    trial.values = result.values;
    if (result.state == TrialState::kInfeasible) trial.metrics_json = result.metrics_json;
    history.merge(std::span<const TrialRecord>(&trial, 1));
    report();
    if (options_.max_failures_in_a_row > 0 && failures_in_a_row >= options_.max_failures_in_a_row)
      throw ExploreError(std::to_string(failures_in_a_row) + " trials in a row failed, the last one (trial " +
                         std::to_string(trial.number) + ") with: " + result.reason +
                         "; the failed trials are stored; fix the cause, then continue the study");
  };

  std::unique_ptr<EvaluationExecutor> remote;
  if (options_.executor) remote = options_.executor(evaluator);
  const int slots = remote ? remote->capacity() : options_.jobs;
  std::unique_ptr<EvaluationPool> pool;
  if (!remote && options_.jobs > 1) pool = std::make_unique<EvaluationPool>(options_.jobs);
  std::optional<HeartbeatThread> heartbeat;
  heartbeat.emplace(store_, study_.id, owner, options_.heartbeat_interval);
  try {
    for (;;) {
      if (stop_requested()) {
        summary.stopped = true;
        break;
      }
      const bool batched = options_.batch > 1;
      const int free = batched ? (inflight.empty() ? options_.batch : 0)
                               : slots - static_cast<int>(inflight.size());
      if (free > 0) {
        ClaimResult claim = store_.claim_trials(
            ClaimRequest{study_.id, owner, free, options_.stale_after, cursor, batched}, std::ref(propose));
        history.merge(claim.newly_finished);
        cursor = claim.finished_seq;
        target = claim.target_trials;
        for (const std::string& notice : propose.save_state(store_, study_.id))
          std::cerr << "archex: note: study " << study_.name << ": " << notice << "\n";
        for (auto& trial : claim.claimed) {
          if (remote)
            remote->submit(trial.id, trial.point);
          else if (pool)
            pool->submit(trial.id, [&evaluator, point = trial.point] { return evaluator.evaluate(point); });
          inflight.emplace(trial.id, std::move(trial));
        }
        report();
        if (inflight.empty()) {
          if (claim.created >= claim.target_trials && claim.running_elsewhere == 0) break;  // done
          // What is left runs in other engines: wait for it to finish, or to go stale.
          std::this_thread::sleep_for(options_.poll_interval);
          continue;
        }
      }
      if (stop_requested()) continue;  // leave what was just claimed for re-run
      if (remote) {
        if (auto done = remote->next(std::chrono::milliseconds(200)); done && !stop_requested()) {
          commit(done->tag, std::move(done->result));
          while (!stop_requested() && (done = remote->next(std::chrono::milliseconds(0))))
            commit(done->tag, std::move(done->result));
        }
        continue;
      }
      if (!pool) {
        const auto id = inflight.begin()->first;
        TrialResult result = evaluator.evaluate(inflight.begin()->second.point);
        // Stopped meanwhile: an external evaluation was cut short; the trial is re-run.
        if (!stop_requested()) commit(id, std::move(result));
        continue;
      }
      // Commit everything that has arrived, in arrival order, then claim again.
      if (auto done = pool->next(std::chrono::milliseconds(200)); done && !stop_requested()) {
        commit(done->tag, std::move(done->result));
        while (!stop_requested() && (done = pool->try_next())) commit(done->tag, std::move(done->result));
      }
    }
  } catch (...) {
    heartbeat.reset();
    evaluator.interrupt();
    remote.reset();
    pool.reset();
    try {
      store_.release_trials(study_.id, owner);
    } catch (const std::exception&) {
      // Unreleased trials go stale and are re-run all the same.
    }
    throw;
  }
  heartbeat.reset();
  if (summary.stopped) evaluator.interrupt();
  remote.reset();
  pool.reset();
  if (summary.stopped) store_.release_trials(study_.id, owner);
  summary.elapsed_s = seconds_since(start);
  const StudySummary end = store_.summarize(study_.id);
  summary.counts = end.counts;
  summary.best = end.best_value;
  return summary;
}

}  // namespace archex::explore
