// At most one log line per period for an event that may repeat thousands of times a second (a
// backend that is down, an exchange sending garbage): the first is logged, the others of the
// period are counted and reported with the next line that is let through. Safe to share between
// threads; time is the caller's (a clock it was given), so tests drive it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace pricewatch {

class log_throttle {
 public:
  explicit log_throttle(std::chrono::milliseconds period) : period_(period) {}

  // How many events a line logged now reports (this one and those held back since the last
  // line), or 0 when this one is held back. A clock that went back lets a line through.
  // Either clock's time (wall or monotonic), the same one on every call.
  template <class Clock, class Duration>
  std::uint64_t admit(std::chrono::time_point<Clock, Duration> now) {
    const auto at = std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
    const auto period = std::chrono::duration_cast<std::chrono::nanoseconds>(period_).count();
    auto logged = logged_at_.load();
    const bool recently = logged != never && at >= logged && at - logged < period;
    if (recently || !logged_at_.compare_exchange_strong(logged, at)) {
      held_.fetch_add(1);
      return 0;
    }
    return held_.exchange(0) + 1;
  }
  // An event not worth a line of its own (a call refused at once while backing off), counted
  // into the next line's report.
  void hold() { held_.fetch_add(1); }

 private:
  static constexpr std::chrono::nanoseconds::rep never = std::chrono::nanoseconds::min().count();
  std::chrono::milliseconds period_;
  std::atomic<std::chrono::nanoseconds::rep> logged_at_{never};  // since the clock's epoch
  std::atomic<std::uint64_t> held_{0};
};

}  // namespace pricewatch
