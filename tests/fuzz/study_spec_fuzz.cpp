// Study spec files (`run --spec FILE`): parsed, resolved with the defaults
// and validated. An accepted spec must survive the round trip through the
// JSON the database stores (identity -> from_identity -> the same identity).

#include <optional>

#include "explorer/study_spec.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archex;
  std::optional<explore::StudySpec> spec;
  try {
    const explore::StudySpecInput input = explore::parse_spec_yaml(fuzz::text_of(data, size), "fuzz.yaml");
    spec.emplace(explore::resolve_spec(input, nullptr, "random"));
  } catch (const std::exception&) {
    return 0;
  }
  const std::string stored = spec->canonical();
  const explore::StudySpec back =
      explore::StudySpec::from_identity(nlohmann::json::parse(stored), spec->name, spec->trials, spec->jobs);
  if (back.canonical() != stored) fuzz::finding("spec changes through the database:\n" + stored + "\n" + back.canonical());
  if (!explore::spec_differences(*spec, back).empty()) fuzz::finding("a stored spec differs from itself: " + stored);
  (void)explore::default_study_name(*spec);
  return 0;
}
