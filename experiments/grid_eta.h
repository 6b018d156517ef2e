#pragma once
// Time left for an experiment grid. Optimizers differ by orders of magnitude
// in time per trial (random: microseconds; mbo: a network fit per batch), so
// one rate for the whole grid misleads: each optimizer's own rate in this run
// is applied to its remaining trials. An optimizer not timed yet is assumed
// as slow as the slowest timed one, and the estimate says so.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace archex::exp {

class GridEta {
 public:
  struct Cell {
    std::string optimizer;
    int trials = 0;
  };
  explicit GridEta(std::vector<Cell> cells) : cells_(std::move(cells)) {}

  // Cell `cell` has `finished` trials at time `now_s` (seconds, any origin);
  // cells before it are finished or skipped.
  void update(std::size_t cell, int finished, double now_s);

  std::optional<double> seconds_left() const;  // none before any trial was timed
  bool has_untimed() const;                    // some remaining optimizer has no rate yet

 private:
  struct Rate {
    double seconds = 0.0;
    long trials = 0;
  };
  std::vector<Cell> cells_;
  std::map<std::string, Rate> rates_;  // trials finished in this run, per optimizer
  std::size_t cell_ = 0;
  int finished_ = 0;
  double last_s_ = 0.0;
  bool started_ = false;
};

}  // namespace archex::exp
