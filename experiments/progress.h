#pragma once
// Progress of a running study on stderr: a bar redrawn in place on a terminal
// (trials done / total, best so far, trials/s, ETA), a plain line every few
// seconds otherwise (logs, CI).

#include <chrono>
#include <optional>
#include <ostream>
#include <string>

#include "explorer/study_runner.h"

namespace archex::exp {

struct ProgressStyle {
  bool terminal = false;                        // redraw one line in place
  std::chrono::milliseconds redraw{100};        // terminal: at most this often
  std::chrono::milliseconds log_every{5'000};   // not a terminal: one line this often
  std::string unit;                             // of the objective, e.g. "ms"
  int bar_width = 24;
};

class ProgressReporter {
 public:
  ProgressReporter(std::ostream& out, ProgressStyle style);
  // Throttled: draws only when the style's interval has passed.
  void update(const explore::RunProgress& progress);
  // The last state, always drawn; ends the line on a terminal.
  void finish();

 private:
  void draw(const explore::RunProgress& progress);

  std::ostream& out_;
  ProgressStyle style_;
  std::chrono::steady_clock::time_point last_draw_{};
  std::optional<explore::RunProgress> last_;
  bool drawn_ = false;
};

// "412/1000" + best + rate + ETA, without the bar: the text of one progress line.
std::string progress_text(const explore::RunProgress& progress, const std::string& unit);
// "[#########---------------]" for the done fraction.
std::string progress_bar(const explore::RunProgress& progress, int width);
// "0:01:23"; "--:--" when unknown.
std::string format_duration(std::optional<double> seconds);

}  // namespace archex::exp
