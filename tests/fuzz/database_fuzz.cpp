// Trial databases (`--db FILE` of list / show / export / compare): a mutated
// file is opened read-only, its studies listed and every study read with all
// its trials and printed as `show`, `show --pareto` and `export` print them.
// Whatever the file holds, the read must leave every byte of it as it was.

#include <sstream>

#include "experiments/study_export.h"
#include "experiments/study_view.h"
#include "explorer/sqlite_trial_store.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archex;
  const std::string bytes = fuzz::text_of(data, size);
  const auto file = fuzz::write_temp_file("fuzz.db", bytes);
  try {
    explore::SqliteTrialStore store(file, {.create = false, .read_only = true});
    const auto studies = store.list_studies();
    std::ostringstream out;
    exp::print_study_list(out, studies, file.string());
    (void)exp::study_list_json(studies).dump();
    for (const explore::StudySummary& summary : studies) {
      try {
        const exp::StudyView view = exp::load_study_view(store, summary.study.name, true);
        exp::print_study(out, view);
        (void)exp::study_json(view).dump();
        exp::print_pareto(out, view);
        (void)exp::pareto_json(view).dump();
        exp::write_trials_csv(out, view);
        exp::write_trials_json(out, view);
        (void)store.prior_trials(summary.study.id);
      } catch (const std::exception&) {
        // one bad study; the others are still read
      }
    }
  } catch (const std::exception&) {
  }
  if (fuzz::read_bytes(file) != bytes) fuzz::finding("a read-only open changed the database file");
  for (const char* side : {"-wal", "-shm", "-journal"})
    if (std::filesystem::exists(file.string() + side)) fuzz::finding(std::string("a read-only open left ") + side);
  return 0;
}
