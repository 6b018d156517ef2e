#pragma once
// From a spec to a study ready to run: resolve the spec against the stored
// study of the same name, build the environment from the registries (template,
// cost model, workloads, optimizer), create or continue the study in the store
// and load its priors.

#include <memory>
#include <optional>
#include <string>

#include "explorer/priors.h"
#include "explorer/study_environment.h"
#include "explorer/study_spec.h"
#include "explorer/trial_store.h"

namespace archex::explore {

// The optimizer a spec gets when it names none: evolution once it is
// registered, random otherwise.
std::string default_optimizer_name();

// Loads the template, cost model, workloads; evaluates the baseline config;
// checks the optimizer and its settings. Throws the libraries' errors (their
// messages name the file / name / key at fault).
std::unique_ptr<StudyEnvironment> build_environment(const StudySpec& spec);

struct OpenedStudy {
  StudySpec spec;
  StudyRecord record;
  bool created = false;
  std::unique_ptr<StudyEnvironment> env;
  PriorSet priors;
};

// Creates the study or continues the stored one. Throws SpecError when the
// stored study of that name has a different spec, or was made with another
// search space, cost-model version or workload content. Updates the stored
// target and jobs to the spec's.
// `label` names the study's series in comparisons (recorded with the study
// when it is created, not part of its identity; "" = derived from the spec).
// Continuing a study under another non-empty label is refused.
OpenedStudy open_study(TrialStore& store, const StudySpec& spec, std::unique_ptr<StudyEnvironment> env,
                       const std::string& label = "");

// `archex run`: fields the input leaves unset come from the stored study of
// the same name if there is one, else from the defaults.
OpenedStudy open_study_for_run(TrialStore& store, const StudySpecInput& input, const std::string& label = "");

// The label a study was created with ("" when none).
std::string stored_label(const StudyRecord& record);
// `archex resume`: the stored study, with the settings of a run `changes`
// gives (the flags of the field table with a resume help: a new target, jobs,
// evaluator timeout). SpecError for a target below the trials the study has,
// an evaluator timeout for a study without evaluator, or a change to the
// study's identity.
OpenedStudy open_study_for_resume(TrialStore& store, const std::string& name, const StudySpecInput& changes = {});

// The stored spec of a study.
StudySpec stored_spec(const StudyRecord& record);

}  // namespace archex::explore
