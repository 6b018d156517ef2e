#pragma once
// "Did you mean …?" for names a user typed: the closest known name by edit
// distance (optimal string alignment, so a swapped pair of letters costs one),
// if it is close enough to be a plausible typo.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archex::explore {

// Edits (insert, delete, substitute, swap adjacent) turning a into b.
int edit_distance(std::string_view a, std::string_view b);

// The closest of `names` to `typed`, when at most max(1, |typed| / 3) edits
// away (ties: the first); nothing otherwise.
std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& names);

}  // namespace archex::explore
