#include "experiments/interrupt.h"

#include <csignal>

namespace archex::exp {
namespace {

std::atomic<bool> g_stop{false};
void on_interrupt(int) { g_stop.store(true); }

}  // namespace

InterruptHandler::InterruptHandler() {
  g_stop = false;
  previous_int_ = std::signal(SIGINT, on_interrupt);
  previous_term_ = std::signal(SIGTERM, on_interrupt);
}

InterruptHandler::~InterruptHandler() {
  std::signal(SIGINT, previous_int_);
  std::signal(SIGTERM, previous_term_);
}

const std::atomic<bool>* InterruptHandler::stop_flag() const { return &g_stop; }

}  // namespace archex::exp
