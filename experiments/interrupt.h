#pragma once
// Ctrl-C (and SIGTERM) while a command runs studies: asks them to stop
// cleanly (finished trials stay, running ones are released for re-run).

#include <atomic>

namespace archex::exp {

// Installs the handlers for its lifetime (restored on destruction, also when
// the command throws). One at a time.
class InterruptHandler {
 public:
  InterruptHandler();
  ~InterruptHandler();
  InterruptHandler(const InterruptHandler&) = delete;
  InterruptHandler& operator=(const InterruptHandler&) = delete;

  // Becomes true on the first SIGINT / SIGTERM: hand it to RunOptions::stop.
  const std::atomic<bool>* stop_flag() const;

 private:
  void (*previous_int_)(int);
  void (*previous_term_)(int);
};

}  // namespace archex::exp
