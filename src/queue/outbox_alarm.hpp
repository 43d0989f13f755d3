// Waiting for outbox rows to become due: until the earliest pending row's time, a wake() from
// this process (it just fired alerts), or a second at most, since rows written by other
// processes are found only by looking. Shared by the embedded workers and the scale-out relay.
#pragma once

#include "alerts/delivery_channel.hpp"
#include "core/clock.hpp"
#include "core/stoppable_sleep.hpp"

#include <optional>
#include <stop_token>

namespace pricewatch {
class notification_store;
}

namespace pricewatch::queue {

class outbox_alarm {
 public:
  // With a lane, it waits for rows of that channel type only (rows of others due now would wake
  // it again at once, for nothing).
  outbox_alarm(notification_store& store, const wall_clock& clock, std::optional<channel_type> lane = std::nullopt)
      : store_(store), clock_(clock), lane_(lane) {}

  // Throws backend_error when the database cannot say when the next row is due.
  void wait(std::stop_token stop);
  void wake() { sleep_.wake(); }

 private:
  notification_store& store_;
  const wall_clock& clock_;
  std::optional<channel_type> lane_;
  stoppable_sleep sleep_;
};

}  // namespace pricewatch::queue
