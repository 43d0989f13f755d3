// The one backoff of every retry: a delay that starts at `first`, doubles after each failed try up
// to `max`, and starts over after a success. Loops keep one (next(), reset()); a retry whose count
// of failures is stored elsewhere (the outbox's attempts) asks nth(). Jitter, where many clients could retry
// together (a stream's reconnect, notification retries), comes from the caller's random source
// as a number in [0, 1), so that tests choose it. Not thread-safe: one per loop.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace pricewatch {

class backoff {
 public:
  using duration = std::chrono::milliseconds;

  backoff(duration first, duration max) : first_(first), max_(max), next_(first) {}

  // The delay after `failures` failed tries in a row (1: the first): first, doubled each time
  // after that, at most max.
  static duration nth(duration first, duration max, std::int64_t failures) {
    auto delay = first;
    for (std::int64_t i = 1; i < failures && delay < max; ++i) delay *= 2;
    return std::min(delay, max);
  }

  // The delay to wait now; the one after it is twice as long, up to max.
  duration next() {
    const auto now = next_;
    next_ = nth(first_, max_, ++failures_ + 1);
    return now;
  }

  // next() spread over [1 - spread, 1] of itself by jitter in [0, 1): e.g. spread 0.5 waits
  // between half and all of the nominal delay.
  duration next(double jitter, double spread) {
    const auto nominal = next();
    const double factor = 1.0 - spread + spread * jitter;
    return std::chrono::duration_cast<duration>(std::chrono::duration<double, std::milli>(
        static_cast<double>(nominal.count()) * factor));
  }

  // The last try succeeded: the next failure waits `first` again.
  void reset() {
    next_ = first_;
    failures_ = 0;
  }

  // True until a failure was counted since the start or the last reset: the first failure of an
  // outage is the one worth logging loudly.
  bool at_start() const { return next_ == first_; }

 private:
  duration first_;
  duration max_;
  duration next_;
  std::int64_t failures_ = 0;
};

}  // namespace pricewatch
