#pragma once
// Which prior trials a study takes (spec field `prior_recipe`, --prior-recipe):
//   all        every prior trial, re-scored (the default);
//   apollo     Apollo's transfer recipe (Yazdanbakhsh et al., arXiv
//              2102.01723): only prior trials feasible under this study's
//              constraints (they fit the new budget), each configuration
//              once, at most the 100 best;
//   apollo:N   the same, at most N (1 .. 100,000).

#include <string>

namespace archex::explore {

struct PriorRecipe {
  bool apollo = false;
  int cap = 0;  // apollo: most prior trials kept

  static constexpr const char* kDefault = "all";
  static constexpr int kApolloCap = 100;
  static constexpr int kMaxCap = 100'000;
  // Throws SpecError "field 'prior_recipe': ..." for anything else.
  static PriorRecipe parse(const std::string& text);
};

}  // namespace archex::explore
