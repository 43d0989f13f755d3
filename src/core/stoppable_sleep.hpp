// The one way a worker thread waits: until a deadline, a wake() from another thread, or a stop
// request on the std::stop_token of the std::jthread it runs on, whichever comes first. Worker
// loops (the outbox's notifiers and relay, the queue's consumers) sleep through it, and their
// owner stops them with request_stop(), which ends every wait at once. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

namespace pricewatch {

class stoppable_sleep {
 public:
  // False when a stop was requested (now or while waiting); true at the deadline or on a wake()
  // (one made since the last wait counts, so none is lost between a pass and its sleep).
  template <class Clock, class Duration>
  bool sleep_until(std::stop_token stop, std::chrono::time_point<Clock, Duration> deadline) {
    std::unique_lock lock(mutex_);
    woke_.wait_until(lock, stop, deadline, [this] { return woken_; });
    woken_ = false;
    return !stop.stop_requested();
  }

  template <class Rep, class Period>
  bool sleep_for(std::stop_token stop, std::chrono::duration<Rep, Period> duration) {
    return sleep_until(std::move(stop), std::chrono::steady_clock::now() + duration);
  }

  void wake() {
    {
      std::lock_guard lock(mutex_);
      woken_ = true;
    }
    woke_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable_any woke_;
  bool woken_ = false;
};

}  // namespace pricewatch
