#include "experiments/progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace archex::exp {

std::string format_duration(std::optional<double> seconds) {
  if (!seconds || !std::isfinite(*seconds) || *seconds < 0) return "--:--";
  const auto total = static_cast<long long>(std::llround(*seconds));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60);
  return buffer;
}

std::string progress_bar(const explore::RunProgress& p, int width) {
  const double fraction = p.target > 0 ? std::min(1.0, static_cast<double>(p.finished) / p.target) : 1.0;
  const int filled = std::clamp(static_cast<int>(fraction * width), 0, width);
  std::string bar;
  bar.reserve(static_cast<std::size_t>(width) + 2);
  bar += '[';
  bar.append(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(width - filled), '-');
  bar += ']';
  return bar;
}

std::string progress_text(const explore::RunProgress& p, const std::string& unit) {
  char buffer[160];
  std::string best = "none feasible yet";
  if (p.best) {
    std::snprintf(buffer, sizeof buffer, "%.5g%s%s", *p.best, unit.empty() ? "" : " ", unit.c_str());
    best = buffer;
  }
  // The rate counts only this run's trials, so a resumed study's ETA is honest.
  const double rate = p.elapsed_s > 0 ? p.finished_here / p.elapsed_s : 0.0;
  std::optional<double> eta;
  if (rate > 0) eta = std::max(0, p.target - p.finished) / rate;
  std::snprintf(buffer, sizeof buffer, "%d/%d trials  best %s  %.0f trials/s  ETA %s", p.finished, p.target,
                best.c_str(), rate, format_duration(eta).c_str());
  return buffer;
}

ProgressReporter::ProgressReporter(std::ostream& out, ProgressStyle style) : out_(out), style_(std::move(style)) {}

void ProgressReporter::update(const explore::RunProgress& progress) {
  last_ = progress;
  const auto now = std::chrono::steady_clock::now();
  const auto interval = style_.terminal ? style_.redraw : style_.log_every;
  // Not a terminal: the first line only after one interval (short runs stay quiet).
  if (!drawn_ && !style_.terminal) {
    if (last_draw_ == std::chrono::steady_clock::time_point{}) last_draw_ = now;
  }
  if (now - last_draw_ < interval && (drawn_ || !style_.terminal)) return;
  last_draw_ = now;
  draw(progress);
}

void ProgressReporter::finish() {
  if (!last_) return;
  if (style_.terminal) {
    draw(*last_);
    out_ << "\n";
  } else if (drawn_) {
    draw(*last_);
  }
  out_.flush();
}

void ProgressReporter::draw(const explore::RunProgress& progress) {
  drawn_ = true;
  if (style_.terminal)
    out_ << "\r\033[K" << progress_bar(progress, style_.bar_width) << ' ' << progress_text(progress, style_.unit)
         << std::flush;
  else
    out_ << progress_text(progress, style_.unit) << "\n" << std::flush;
}

}  // namespace archex::exp
