// Work repeated at an interval on a thread of its own (database housekeeping, and whatever else
// must run every so often off the request path). A round that throws is logged under its name,
// and the next round comes as usual. run_round() is what the thread does each time, for tests.
#pragma once

#include "core/stoppable_sleep.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace pricewatch {

class periodic_task {
 public:
  periodic_task(std::string name, std::chrono::milliseconds interval, std::function<void()> work);
  ~periodic_task() { stop(); }
  periodic_task(const periodic_task&) = delete;
  periodic_task& operator=(const periodic_task&) = delete;

  // The first round runs one interval after start().
  void start();
  // Ends the wait at once; a round in progress finishes first. Idempotent.
  void stop();

  // One round; returns false when it failed (logged, never thrown).
  bool run_round();

 private:
  std::string name_;
  std::chrono::milliseconds interval_;
  std::function<void()> work_;
  stoppable_sleep sleep_;
  std::jthread thread_;
};

}  // namespace pricewatch
