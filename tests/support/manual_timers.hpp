// Timers that move only when the test says so: advance() moves a manual_clock on and completes
// every wait then due, so a retry or a period is tested with no sleep. The waits resume when the
// test next runs the context they were made on. Single-threaded, like the tests that use them.
#pragma once

#include "core/clock.hpp"
#include "core/timer.hpp"

#include <chrono>
#include <memory>
#include <vector>

namespace pricewatch::test_support {

class manual_timers final : public timer_factory {
 public:
  explicit manual_timers(manual_clock& clock) : clock_(clock) {}
  ~manual_timers() override;

  std::unique_ptr<timer> make_timer(boost::asio::any_io_executor executor) override;

  void advance(std::chrono::milliseconds by);
  // Waits in progress that have not come due.
  std::size_t waiting() const;

 private:
  class manual_timer;
  manual_clock& clock_;
  std::vector<manual_timer*> timers_;  // each registers itself for its lifetime
};

}  // namespace pricewatch::test_support
