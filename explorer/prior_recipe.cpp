#include "explorer/prior_recipe.h"

#include "explorer/errors.h"

namespace archex::explore {

PriorRecipe PriorRecipe::parse(const std::string& text) {
  if (text == kDefault) return {};
  const std::string apollo = "apollo";
  if (text == apollo) return {true, kApolloCap};
  if (text.rfind(apollo + ":", 0) == 0) {
    const std::string n = text.substr(apollo.size() + 1);
    if (!n.empty() && n.size() <= 6 && n.find_first_not_of("0123456789") == std::string::npos) {
      const int cap = std::stoi(n);
      if (cap >= 1 && cap <= kMaxCap) return {true, cap};
    }
  }
  throw SpecError("field 'prior_recipe': '" + text + "' — expected all, apollo or apollo:N (N from 1 to " +
                  std::to_string(kMaxCap) + ")");
}

}  // namespace archex::explore
