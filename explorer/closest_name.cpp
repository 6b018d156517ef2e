#include "explorer/closest_name.h"

#include <algorithm>

namespace archex::explore {

int edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& names) {
  const int limit = std::max<int>(1, static_cast<int>(typed.size()) / 3);
  std::optional<std::string> best;
  int best_distance = limit + 1;
  for (const std::string& name : names) {
    const int d = edit_distance(typed, name);
    if (d < best_distance && d < static_cast<int>(typed.size())) {
      best_distance = d;
      best = name;
    }
  }
  return best;
}

}  // namespace archex::explore
