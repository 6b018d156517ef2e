#pragma once
// Transfer between studies: another study's finished trials, re-scored from
// their raw metrics under this study's objective and area budget (a trial
// that fit 6.8 mm^2 may not fit 4.8 mm^2), become the optimizer's priors.
// A prior study of other workloads (VGG-16's study as the prior of a
// MobileNetV2 one) has no metrics for this study's: its designs are then
// evaluated on them by this study's cost model, so the priors carry true
// values, and only where they were found comes from the other workload.

#include <optional>
#include <string>
#include <vector>

#include "explorer/objective.h"
#include "explorer/prior_recipe.h"
#include "explorer/study_environment.h"
#include "explorer/trial_store.h"

namespace archex::explore {

// Scores stored raw metrics ({"<workload>": metrics, ...}) under `env`'s
// objective. A workload the metrics lack is evaluated by env's cost model at
// `config` when one is given and the study has no external evaluator
// (`*evaluated` is then set); otherwise SpecError naming `where`, as for
// metrics that cannot be read.
Score rescore(const std::string& metrics_json, const StudyEnvironment& env, const std::string& where,
              const arch::Config* config = nullptr, bool* evaluated = nullptr);

// What the optimizer learns from an infeasible score: the minimisation
// objectives of a design that was evaluated but violates a constraint, or
// nothing (empty).
std::vector<double> violating_values(const Score& score, const Objective& objective);

// The observation an optimizer sees for a score (point and proposer left to
// the caller): feasibility, minimised value(s), violating value(s).
opt::Observation observe(const Score& score, const Objective& objective);

struct PriorSet {
  std::vector<opt::Observation> observations;  // minimisation values, proposer "prior:<study>"
  int feasible = 0;                            // of which feasible under this study's constraint
  int skipped = 0;  // points outside this study's template space, or that its cost model failed on
  int left_out = 0;                            // left out by the recipe
  int evaluated = 0;  // of other workloads' studies: evaluated here on this study's workloads
};

// The priors linked to `study` (snapshotted when it was created), re-scored,
// then chosen by `recipe` (apollo: the best feasible ones, each point once, at most recipe.cap).
PriorSet load_priors(TrialStore& store, const StudyRecord& study, const StudyEnvironment& env,
                     const PriorRecipe& recipe = {});

}  // namespace archex::explore
