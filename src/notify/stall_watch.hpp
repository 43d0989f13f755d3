// Lets a delivery worker act while one of its sends hangs (a mail server or webhook that accepts
// the connection and never answers): the worker arms the watch before a send; the transport,
// blocked in libcurl, calls poll() from its progress callback (about once a second even when
// nothing moves); once the armed time has passed, the action runs, once, on the sending thread.
// The notifier's action hands the rest of its claimed batch back to the outbox, so that one
// stalled destination holds up only the delivery on it. One watch per worker thread; not shared.
#pragma once

#include "core/clock.hpp"

#include <chrono>
#include <functional>
#include <optional>

namespace pricewatch {

class stall_watch {
 public:
  explicit stall_watch(const monotonic_clock& clock) : clock_(clock) {}

  // From now, a send still going after `after` is stalled: poll() then runs action.
  void arm(std::chrono::milliseconds after, std::function<void()> action);
  // The send is over; nothing more runs.
  void disarm();
  // Called by a transport during a send. Runs the action when the armed time has passed and it
  // has not run yet. Never throws (it is called from libcurl's C callbacks): an action that
  // throws is logged and counts as run.
  void poll() noexcept;

 private:
  const monotonic_clock& clock_;
  std::optional<monotonic_clock::time_point> deadline_;
  std::function<void()> action_;
};

}  // namespace pricewatch
