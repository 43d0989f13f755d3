// Whether a delivery due now waits for its owner's quiet hours or digest window to end
// (alerts/quiet_hours.hpp), with the owner's preferences read from the channel store and kept a
// few seconds, so that a storm of firings does not read them once per row. One per worker thread.
#pragma once

#include "alerts/delivery_preferences.hpp"
#include "alerts/notification.hpp"
#include "core/clock.hpp"

#include <map>
#include <optional>

namespace pricewatch {

class channel_store;

class delivery_hold {
 public:
  delivery_hold(channel_store& preferences, const wall_clock& clock) : preferences_(preferences), clock_(clock) {}

  // Until when the row waits; nullopt: now. Throws backend_error when the preferences cannot be read.
  std::optional<time_point> operator()(const notification& item);

 private:
  struct kept {
    delivery_preferences preferences;
    time_point read_at;
  };
  channel_store& preferences_;
  const wall_clock& clock_;
  std::map<std::int64_t, kept> by_user_;
};

}  // namespace pricewatch
