// Time as a dependency: production code asks a wall_clock (dates: created_at, token expiry,
// retries in the outbox) or a monotonic_clock (durations: timeouts, intervals, request times),
// tests drive manual ones (STYLE.md, Envoy's TimeSource). These are the only places that read
// the system's clocks. Implementations may be shared between threads.
#pragma once

#include <atomic>
#include <chrono>

namespace pricewatch {

using time_point = std::chrono::system_clock::time_point;

class wall_clock {
 public:
  virtual ~wall_clock() = default;
  virtual time_point now() const = 0;
};

class system_wall_clock final : public wall_clock {
 public:
  time_point now() const override { return std::chrono::system_clock::now(); }
};

// A clock that moves only when told; safe to read from any thread.
class manual_clock final : public wall_clock {
 public:
  explicit manual_clock(time_point start) : now_(start.time_since_epoch().count()) {}
  time_point now() const override { return time_point(time_point::duration(now_.load())); }
  void advance(time_point::duration by) { now_ += by.count(); }

 private:
  std::atomic<time_point::rep> now_;
};

class monotonic_clock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  virtual ~monotonic_clock() = default;
  virtual time_point now() const = 0;
};

class steady_monotonic_clock final : public monotonic_clock {
 public:
  time_point now() const override { return std::chrono::steady_clock::now(); }
};

// A monotonic clock that moves only when told; safe to read from any thread.
class manual_monotonic_clock final : public monotonic_clock {
 public:
  time_point now() const override { return time_point(time_point::duration(now_.load())); }
  void advance(time_point::duration by) { now_ += by.count(); }

 private:
  std::atomic<time_point::rep> now_{0};
};

}  // namespace pricewatch
