#pragma once
// The proposing half of a claim, shared by the study engine (StudyRunner)
// and ask/tell (AskTellSession): inside the store's claim transaction, merge
// the trials that finished since the last claim into the history, then ask
// the study's optimizer for the new trials' points with the Rng seeded from
// (study seed, first new trial number). Running trials are the pending points.

#include <memory>
#include <vector>

#include "explorer/study_environment.h"
#include "explorer/trial_history.h"
#include "explorer/trial_store.h"

namespace archex::explore {

// The history a study's optimizer sees: `priors` (already re-scored), then its
// trials. An over-budget trial was fully evaluated, so its objectives go to the
// optimizer as violating values (as for priors).
TrialHistory make_study_history(std::vector<opt::Observation> priors, const StudyEnvironment& env);

class TrialProposer {
 public:
  // `env` and `history` must outlive the proposer.
  TrialProposer(const StudyEnvironment& env, TrialHistory& history);
  ~TrialProposer();

  // A ProposeFn: exactly ctx.count new trials. Throws ExploreError when the
  // optimizer proposes the wrong number of points or one outside the space.
  std::vector<NewTrial> operator()(const ClaimContext& ctx);

  // An incremental optimizer's saved state (optimizers/optimizer.h): restored
  // from the store before the first claim, saved after each claim (its own
  // transaction: the state is a function of the trials, so a kill between the
  // claim and the save costs a replayed fit, never a different trial).
  void restore_state(TrialStore& store, std::int64_t study_id);
  // Returns the optimizer's notices (e.g. a rebuilt state), for the user.
  std::vector<std::string> save_state(TrialStore& store, std::int64_t study_id);

 private:
  const StudyEnvironment& env_;
  TrialHistory& history_;
  std::unique_ptr<opt::Optimizer> optimizer_;
};

}  // namespace archex::explore
