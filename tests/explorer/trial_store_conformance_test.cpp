// The trial-store contract (explorer/trial_store.h), checked against every
// implementation: the SQLite store on a file and the in-memory store.

#include <chrono>
#include <memory>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "explorer/errors.h"
#include "explorer/memory_trial_store.h"
#include "explorer/sqlite_trial_store.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

struct SqliteFactory {
  TempDir dir;
  std::unique_ptr<TrialStore> make() { return std::make_unique<SqliteTrialStore>(dir.file("store.db")); }
};
struct MemoryFactory {
  std::unique_ptr<TrialStore> make() { return std::make_unique<MemoryTrialStore>(); }
};

NewStudy new_study(const std::string& name, int target, Direction direction = Direction::kMinimize,
                   std::vector<std::string> priors = {}) {
  return NewStudy{name, "{\"spec\":\"" + name + "\"}", direction, target, 1, "{}", std::move(priors)};
}

// Proposes points [number, 0] so a trial's point tells which number it was proposed for.
ProposeFn numbered_points(int* calls = nullptr) {
  return [calls](const ClaimContext& ctx) {
    if (calls) ++*calls;
    std::vector<NewTrial> trials;
    for (int i = 0; i < ctx.count; ++i) {
      const int number = ctx.first_number + i;
      trials.push_back({{number, 0}, "{\"n\":" + std::to_string(number) + "}", "test"});
    }
    return trials;
  };
}

ClaimRequest request(std::int64_t study_id, const Owner& owner, int max_count = 1,
                     std::chrono::milliseconds stale_after = 60s, std::int64_t cursor = 0) {
  return ClaimRequest{study_id, owner, max_count, stale_after, cursor};
}

TrialResult complete(double value) { return {TrialState::kComplete, value, "{\"w\":{}}", "", false, {}, {}}; }
TrialResult infeasible(std::string reason) { return {TrialState::kInfeasible, std::nullopt, "{\"w\":{}}", reason, false, {}, {}}; }

// A pid that is known to be dead: a child that exited and was reaped.
std::int64_t dead_pid() {
  pid_t child = fork();
  if (child == 0) _exit(0);
  int status = 0;
  waitpid(child, &status, 0);
  return child;
}

template <typename Factory>
class TrialStoreConformance : public ::testing::Test {
 protected:
  Factory factory;
  std::unique_ptr<TrialStore> store = factory.make();
  Owner alice = Owner::current();
  Owner bob = Owner::current();
};

using Implementations = ::testing::Types<SqliteFactory, MemoryFactory>;
TYPED_TEST_SUITE(TrialStoreConformance, Implementations);

TYPED_TEST(TrialStoreConformance, CreateOrGetReturnsTheStoredStudyUnchanged) {
  auto [created, was_created] = this->store->create_or_get_study(new_study("s", 10));
  EXPECT_TRUE(was_created);
  EXPECT_EQ(created.name, "s");
  EXPECT_EQ(created.target_trials, 10);
  NewStudy other = new_study("s", 99, Direction::kMaximize);
  other.spec_json = "{\"different\":1}";
  auto [again, created_again] = this->store->create_or_get_study(other);
  EXPECT_FALSE(created_again);
  EXPECT_EQ(again.id, created.id);
  EXPECT_EQ(again.spec_json, created.spec_json);
  EXPECT_EQ(again.target_trials, 10);
  EXPECT_EQ(again.direction, Direction::kMinimize);
  EXPECT_EQ(this->store->find_study("s")->spec_json, "{\"spec\":\"s\"}");
  EXPECT_FALSE(this->store->find_study("t").has_value());
}

TYPED_TEST(TrialStoreConformance, GetStudyNamesTheKnownStudies) {
  this->store->create_or_get_study(new_study("alpha", 1));
  this->store->create_or_get_study(new_study("beta", 1));
  try {
    this->store->get_study("gamma");
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("no study 'gamma'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("alpha, beta"), std::string::npos) << e.what();
  }
}

TYPED_TEST(TrialStoreConformance, ClaimNumbersTrialsFromZeroAndStopsAtTheTarget) {
  auto study = this->store->create_or_get_study(new_study("s", 5)).first;
  int calls = 0;
  auto first = this->store->claim_trials(request(study.id, this->alice, 3), numbered_points(&calls));
  ASSERT_EQ(first.claimed.size(), 3u);
  EXPECT_EQ(calls, 1);  // one proposal for the batch
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(first.claimed[i].number, i);
    EXPECT_EQ(first.claimed[i].point, (opt::Point{i, 0}));
    EXPECT_EQ(first.claimed[i].state, TrialState::kRunning);
    EXPECT_EQ(first.claimed[i].owner, this->alice);
  }
  auto second = this->store->claim_trials(request(study.id, this->bob, 10), numbered_points(&calls));
  ASSERT_EQ(second.claimed.size(), 2u);  // the target is 5
  EXPECT_EQ(second.claimed[0].number, 3);
  EXPECT_EQ(second.created, 5);
  EXPECT_EQ(second.running_elsewhere, 3);
  auto third = this->store->claim_trials(request(study.id, this->bob, 10), numbered_points(&calls));
  EXPECT_TRUE(third.claimed.empty());
  EXPECT_EQ(calls, 2);  // not called when nothing is to be created
  EXPECT_EQ(this->store->summarize(study.id).counts.running, 5);
}

TYPED_TEST(TrialStoreConformance, ProposerSeesFinishedTrialsInFinishOrderAndRunningOnes) {
  auto study = this->store->create_or_get_study(new_study("s", 10)).first;
  auto batch = this->store->claim_trials(request(study.id, this->alice, 3), numbered_points());
  ASSERT_TRUE(this->store->finish_trial(batch.claimed[2].id, this->alice, complete(2.0)));
  ASSERT_TRUE(this->store->finish_trial(batch.claimed[0].id, this->alice, infeasible("too big")));
  std::vector<int> finished_numbers, running_numbers;
  auto next = this->store->claim_trials(request(study.id, this->alice, 1), [&](const ClaimContext& ctx) {
    EXPECT_EQ(ctx.first_number, 3);
    for (const auto& t : ctx.newly_finished) finished_numbers.push_back(t.number);
    for (const auto& t : ctx.running) running_numbers.push_back(t.number);
    return numbered_points()(ctx);
  });
  EXPECT_EQ(finished_numbers, (std::vector<int>{2, 0}));
  EXPECT_EQ(running_numbers, (std::vector<int>{1}));
  ASSERT_EQ(next.newly_finished.size(), 2u);
  EXPECT_EQ(next.newly_finished[0].value, 2.0);
  EXPECT_EQ(next.newly_finished[1].reason, "too big");
  EXPECT_TRUE(next.newly_finished[0].metrics_json.empty());  // left out of the search loop
  // The cursor moves on: the same trials are not reported twice.
  auto after = this->store->claim_trials(request(study.id, this->alice, 1, 60s, next.finished_seq), numbered_points());
  EXPECT_TRUE(after.newly_finished.empty());
  EXPECT_EQ(after.finished_seq, next.finished_seq);
}

TYPED_TEST(TrialStoreConformance, OnlyTheOwnerFinishesAndFinishedTrialsNeverChange) {
  auto study = this->store->create_or_get_study(new_study("s", 2)).first;
  auto trial = this->store->claim_trials(request(study.id, this->alice), numbered_points()).claimed.at(0);
  EXPECT_FALSE(this->store->finish_trial(trial.id, this->bob, complete(1.0)));
  EXPECT_TRUE(this->store->finish_trial(trial.id, this->alice, complete(1.0)));
  EXPECT_FALSE(this->store->finish_trial(trial.id, this->alice, complete(5.0)));
  auto trials = this->store->trials(study.id);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].state, TrialState::kComplete);
  EXPECT_EQ(trials[0].value, 1.0);
  EXPECT_EQ(trials[0].metrics_json, "{\"w\":{}}");
  EXPECT_EQ(trials[0].finish_seq, 1);
  EXPECT_FALSE(trials[0].finished_at.empty());
  EXPECT_GE(trials[0].finished_at, trials[0].started_at);
}

TYPED_TEST(TrialStoreConformance, ResultsMustBeFinishedStatesWithValueExactlyWhenComplete) {
  auto study = this->store->create_or_get_study(new_study("s", 2)).first;
  auto trial = this->store->claim_trials(request(study.id, this->alice), numbered_points()).claimed.at(0);
  EXPECT_THROW(this->store->finish_trial(trial.id, this->alice, {TrialState::kRunning, {}, "", "", false, {}, {}}), StoreError);
  EXPECT_THROW(this->store->finish_trial(trial.id, this->alice, {TrialState::kComplete, {}, "{}", "", false, {}, {}}), StoreError);
  EXPECT_THROW(this->store->finish_trial(trial.id, this->alice, {TrialState::kFailed, 1.0, "", "x", false, {}, {}}), StoreError);
  EXPECT_TRUE(this->store->finish_trial(trial.id, this->alice, {TrialState::kFailed, {}, "", "boom", false, {}, {}}));
  EXPECT_EQ(this->store->trials(study.id)[0].reason, "boom");
}

TYPED_TEST(TrialStoreConformance, LiveOwnersKeepTheirTrialsStaleOnesAreReclaimedWithTheSamePoint) {
  auto study = this->store->create_or_get_study(new_study("s", 2)).first;
  auto mine = this->store->claim_trials(request(study.id, this->alice), numbered_points()).claimed.at(0);
  // Bob, in this (live) process with a fresh heartbeat, cannot take it: he gets trial 1.
  auto bobs = this->store->claim_trials(request(study.id, this->bob, 1, 60s), numbered_points());
  ASSERT_EQ(bobs.claimed.size(), 1u);
  EXPECT_EQ(bobs.claimed[0].number, 1);
  // Once alice's heartbeat is older than the limit, bob takes trial 0 over.
  std::this_thread::sleep_for(5ms);
  auto reclaim = this->store->claim_trials(request(study.id, this->bob, 1, 1ms), numbered_points());
  ASSERT_EQ(reclaim.claimed.size(), 1u);
  EXPECT_EQ(reclaim.claimed[0].number, 0);
  EXPECT_EQ(reclaim.claimed[0].point, mine.point);
  EXPECT_EQ(reclaim.claimed[0].attempts, 2);
  EXPECT_EQ(reclaim.claimed[0].owner, this->bob);
  EXPECT_FALSE(this->store->finish_trial(mine.id, this->alice, complete(1.0)));  // no longer hers
  EXPECT_TRUE(this->store->finish_trial(mine.id, this->bob, complete(1.0)));
}

TYPED_TEST(TrialStoreConformance, HeartbeatKeepsARunningTrialFresh) {
  auto study = this->store->create_or_get_study(new_study("s", 1)).first;
  this->store->claim_trials(request(study.id, this->alice), numbered_points());
  // Margins of 100 ms and more either way, for a loaded machine.
  std::this_thread::sleep_for(600ms);
  this->store->heartbeat(study.id, this->alice);
  EXPECT_TRUE(this->store->claim_trials(request(study.id, this->bob, 1, 500ms), numbered_points()).claimed.empty());
  std::this_thread::sleep_for(600ms);
  EXPECT_EQ(this->store->claim_trials(request(study.id, this->bob, 1, 500ms), numbered_points()).claimed.size(), 1u);
}

TYPED_TEST(TrialStoreConformance, TrialsOfADeadProcessOnThisHostAreReclaimedAtOnce) {
  auto study = this->store->create_or_get_study(new_study("s", 1)).first;
  Owner dead = this->alice;
  dead.pid = dead_pid();
  dead.token = "dead";
  this->store->claim_trials(request(study.id, dead), numbered_points());
  auto reclaim = this->store->claim_trials(request(study.id, this->bob, 1, 3600s), numbered_points());
  ASSERT_EQ(reclaim.claimed.size(), 1u);
  EXPECT_EQ(reclaim.claimed[0].number, 0);
  // A live process on another host is trusted until its heartbeat ages.
  auto other_study = this->store->create_or_get_study(new_study("t", 1)).first;
  Owner remote = dead;
  remote.host = "elsewhere";
  this->store->claim_trials(request(other_study.id, remote), numbered_points());
  EXPECT_TRUE(this->store->claim_trials(request(other_study.id, this->bob, 1, 3600s), numbered_points()).claimed.empty());
}

TYPED_TEST(TrialStoreConformance, OptimizerStateIsKeptPerStudyAndNeverGoesBackInTrials) {
  auto a = this->store->create_or_get_study(new_study("a", 10)).first;
  auto b = this->store->create_or_get_study(new_study("b", 10)).first;
  EXPECT_FALSE(this->store->load_optimizer_state(a.id).has_value());
  const std::string bytes("\0\x01binary\xff", 9);  // opaque bytes, a zero included (9: the literal without its terminator)
  this->store->save_optimizer_state(a.id, {20, bytes});
  auto loaded = this->store->load_optimizer_state(a.id);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->trials, 20);
  EXPECT_EQ(loaded->data, bytes);
  EXPECT_FALSE(this->store->load_optimizer_state(b.id).has_value());
  this->store->save_optimizer_state(a.id, {10, "older"});  // a slower engine's stale state
  EXPECT_EQ(this->store->load_optimizer_state(a.id)->data, bytes);
  this->store->save_optimizer_state(a.id, {30, "newer"});
  EXPECT_EQ(this->store->load_optimizer_state(a.id)->trials, 30);
  EXPECT_EQ(this->store->load_optimizer_state(a.id)->data, "newer");
}

TYPED_TEST(TrialStoreConformance, ReleasedTrialsAreRerunFirst) {
  auto study = this->store->create_or_get_study(new_study("s", 5)).first;
  auto batch = this->store->claim_trials(request(study.id, this->alice, 2), numbered_points());
  EXPECT_EQ(this->store->release_trials(study.id, this->alice), 2);
  EXPECT_EQ(this->store->release_trials(study.id, this->alice), 0);
  auto next = this->store->claim_trials(request(study.id, this->bob, 3, 3600s), numbered_points());
  ASSERT_EQ(next.claimed.size(), 3u);
  EXPECT_EQ(next.claimed[0].number, 0);
  EXPECT_EQ(next.claimed[1].number, 1);
  EXPECT_EQ(next.claimed[2].number, 2);
  EXPECT_EQ(next.claimed[2].attempts, 1);
  EXPECT_EQ(next.claimed[1].attempts, 2);
}

TYPED_TEST(TrialStoreConformance, AFailingProposerLeavesNothingBehind) {
  auto study = this->store->create_or_get_study(new_study("s", 5)).first;
  EXPECT_THROW(this->store->claim_trials(request(study.id, this->alice, 2),
                                         [](const ClaimContext&) -> std::vector<NewTrial> {
                                           throw std::runtime_error("optimizer broke");
                                         }),
               std::runtime_error);
  EXPECT_THROW(this->store->claim_trials(request(study.id, this->alice, 2),
                                         [](const ClaimContext&) { return std::vector<NewTrial>(1); }),
               ExploreError);
  EXPECT_TRUE(this->store->trials(study.id).empty());
  EXPECT_EQ(this->store->claim_trials(request(study.id, this->alice, 1), numbered_points()).claimed.at(0).number, 0);
}

TYPED_TEST(TrialStoreConformance, SummariesCountStatesAndPickTheBestByDirection) {
  auto low = this->store->create_or_get_study(new_study("low", 4, Direction::kMinimize)).first;
  auto high = this->store->create_or_get_study(new_study("high", 4, Direction::kMaximize)).first;
  for (auto* study : {&low, &high}) {
    auto batch = this->store->claim_trials(request(study->id, this->alice, 4), numbered_points());
    this->store->finish_trial(batch.claimed[0].id, this->alice, complete(3.0));
    this->store->finish_trial(batch.claimed[1].id, this->alice, complete(7.0));
    this->store->finish_trial(batch.claimed[2].id, this->alice, infeasible("over budget"));
  }
  auto list = this->store->list_studies();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].study.name, "high");  // by name
  EXPECT_EQ(list[0].best_value, 7.0);
  EXPECT_EQ(list[1].best_value, 3.0);
  const TrialCounts counts = list[1].counts;
  EXPECT_EQ(counts.complete, 2);
  EXPECT_EQ(counts.infeasible, 1);
  EXPECT_EQ(counts.failed, 0);
  EXPECT_EQ(counts.running, 1);
  EXPECT_EQ(counts.total(), 4);
  this->store->set_target_and_jobs(low.id, 9, 3);
  EXPECT_EQ(this->store->find_study("low")->target_trials, 9);
  EXPECT_EQ(this->store->find_study("low")->jobs, 3);
}

TYPED_TEST(TrialStoreConformance, PriorsAreASnapshotOfFinishedTrialsWithMetricsNeverCounted) {
  auto source = this->store->create_or_get_study(new_study("source", 6)).first;
  auto batch = this->store->claim_trials(request(source.id, this->alice, 4), numbered_points());
  this->store->finish_trial(batch.claimed[0].id, this->alice, complete(1.5));
  this->store->finish_trial(batch.claimed[1].id, this->alice, infeasible("over budget"));
  this->store->finish_trial(batch.claimed[2].id, this->alice, {TrialState::kFailed, {}, "", "crash", false, {}, {}});
  // batch.claimed[3] stays running.
  EXPECT_THROW(this->store->create_or_get_study(new_study("x", 3, Direction::kMinimize, {"missing"})), StoreError);
  EXPECT_FALSE(this->store->find_study("x").has_value());
  auto target = this->store->create_or_get_study(new_study("target", 3, Direction::kMinimize, {"source"})).first;
  // Finished after the snapshot: not a prior.
  this->store->finish_trial(batch.claimed[3].id, this->alice, complete(0.5));
  auto priors = this->store->prior_trials(target.id);
  ASSERT_EQ(priors.size(), 2u);
  EXPECT_EQ(priors[0].study, "source");
  EXPECT_EQ(priors[0].trial.number, 0);
  EXPECT_EQ(priors[0].trial.value, 1.5);
  EXPECT_EQ(priors[1].trial.state, TrialState::kInfeasible);
  EXPECT_EQ(priors[1].trial.metrics_json, "{\"w\":{}}");
  const auto summary = this->store->summarize(target.id);
  EXPECT_EQ(summary.prior_count, 2);
  EXPECT_EQ(summary.counts.total(), 0);
  EXPECT_EQ(this->store->claim_trials(request(target.id, this->alice, 5), numbered_points()).claimed.size(), 3u);
}

TYPED_TEST(TrialStoreConformance, ConcurrentClaimsFromManyThreadsGiveUniqueNumbers) {
  auto study = this->store->create_or_get_study(new_study("s", 200)).first;
  std::vector<std::thread> threads;
  std::vector<std::vector<int>> numbers(4);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      const Owner me = Owner::current();
      for (;;) {
        auto claim = this->store->claim_trials(request(study.id, me, 3), numbered_points());
        if (claim.claimed.empty()) return;
        for (const auto& trial : claim.claimed) {
          numbers[t].push_back(trial.number);
          ASSERT_TRUE(this->store->finish_trial(trial.id, me, complete(trial.number)));
        }
      }
    });
  for (auto& thread : threads) thread.join();
  std::multiset<int> all;
  for (const auto& list : numbers) all.insert(list.begin(), list.end());
  ASSERT_EQ(all.size(), 200u);
  EXPECT_EQ(std::set<int>(all.begin(), all.end()).size(), 200u);
  EXPECT_EQ(*all.rbegin(), 199);
  EXPECT_EQ(this->store->summarize(study.id).counts.complete, 200);
}

}  // namespace
}  // namespace archex::explore
