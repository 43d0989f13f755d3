// The one backoff of every retry loop: a delay that starts at `first`, doubles after each failed
// try up to `max`, and starts over after a success. Jitter, where many clients could retry
// together (a stream's reconnect, notification retries), comes from the caller's random source
// as a number in [0, 1), so that tests choose it. Not thread-safe: one per loop.
#pragma once

#include <algorithm>
#include <chrono>

namespace pricewatch {

class backoff {
 public:
  using duration = std::chrono::milliseconds;

  backoff(duration first, duration max) : first_(first), max_(max), next_(first) {}

  // The delay to wait now; the one after it is twice as long, up to max.
  duration next() {
    const auto now = next_;
    next_ = std::min(next_ * 2, max_);
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
  void reset() { next_ = first_; }

  // True until a failure was counted since the start or the last reset: the first failure of an
  // outage is the one worth logging loudly.
  bool at_start() const { return next_ == first_; }

 private:
  duration first_;
  duration max_;
  duration next_;
};

}  // namespace pricewatch
