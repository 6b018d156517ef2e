#pragma once
// Transfer between studies: another study's finished trials, re-scored from
// their raw metrics under this study's objective and area budget (a trial
// that fit 6.8 mm^2 may not fit 4.8 mm^2), become the optimizer's priors.

#include <optional>
#include <string>
#include <vector>

#include "explorer/objective.h"
#include "explorer/prior_recipe.h"
#include "explorer/study_environment.h"
#include "explorer/trial_store.h"

namespace archex::explore {

// Scores stored raw metrics ({"<workload>": metrics, ...}) under `env`'s
// objective. Throws SpecError naming `where` when the metrics lack one of the
// study's workloads or cannot be read.
Score rescore(const std::string& metrics_json, const StudyEnvironment& env, const std::string& where);

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
  int skipped = 0;                             // points outside this study's template space
  int left_out = 0;                            // left out by the recipe
};

// The priors linked to `study` (snapshotted when it was created), re-scored,
// then chosen by `recipe` (apollo: the best feasible ones, each point once, at most recipe.cap).
PriorSet load_priors(TrialStore& store, const StudyRecord& study, const StudyEnvironment& env,
                     const PriorRecipe& recipe = {});

}  // namespace archex::explore
