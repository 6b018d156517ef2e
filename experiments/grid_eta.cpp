#include "experiments/grid_eta.h"

#include <algorithm>

namespace archex::exp {

void GridEta::update(std::size_t cell, int finished, double now_s) {
  if (cell >= cells_.size()) return;
  if (started_ && cell == cell_ && finished > finished_) {
    Rate& r = rates_[cells_[cell].optimizer];
    r.seconds += now_s - last_s_;
    r.trials += finished - finished_;
  }
  // A new cell (or the first update) starts timing from here.
  if (!started_ || cell != cell_ || finished > finished_) {
    cell_ = cell;
    finished_ = finished;
    last_s_ = now_s;
    started_ = true;
  }
}

std::optional<double> GridEta::seconds_left() const {
  double slowest = -1.0;
  for (const auto& [name, r] : rates_)
    if (r.trials > 0) slowest = std::max(slowest, r.seconds / static_cast<double>(r.trials));
  if (slowest < 0.0) return std::nullopt;
  double left = 0.0;
  for (std::size_t i = cell_; i < cells_.size(); ++i) {
    const int remaining = i == cell_ ? std::max(0, cells_[i].trials - finished_) : cells_[i].trials;
    const auto it = rates_.find(cells_[i].optimizer);
    const double rate = it != rates_.end() && it->second.trials > 0
                            ? it->second.seconds / static_cast<double>(it->second.trials)
                            : slowest;
    left += remaining * rate;
  }
  return left;
}

bool GridEta::has_untimed() const {
  for (std::size_t i = cell_; i < cells_.size(); ++i) {
    const auto it = rates_.find(cells_[i].optimizer);
    if (it == rates_.end() || it->second.trials == 0) return true;
  }
  return false;
}

}  // namespace archex::exp
