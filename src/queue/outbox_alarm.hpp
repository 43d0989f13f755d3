// Waiting for outbox rows to become due: until the earliest pending row's time, a wake() from
// this process (it just fired alerts), or a second at most, since rows written by other
// processes are found only by looking. Shared by the embedded workers and the scale-out relay.
#pragma once

#include "core/clock.hpp"
#include "core/stoppable_sleep.hpp"

#include <stop_token>

namespace pricewatch {
class notification_store;
}

namespace pricewatch::queue {

class outbox_alarm {
 public:
  outbox_alarm(notification_store& store, const wall_clock& clock) : store_(store), clock_(clock) {}

  // Throws backend_error when the database cannot say when the next row is due.
  void wait(std::stop_token stop);
  void wake() { sleep_.wake(); }

 private:
  notification_store& store_;
  const wall_clock& clock_;
  stoppable_sleep sleep_;
};

}  // namespace pricewatch::queue
