#pragma once
// `archex compare --json`: the series summaries (what summary.csv holds) and
// the files written, for scripts.

#include <nlohmann/json.hpp>

#include "experiments/comparison.h"

namespace archex::exp {

nlohmann::json comparison_json(const ComparisonResult& result, std::size_t studies);

}  // namespace archex::exp
