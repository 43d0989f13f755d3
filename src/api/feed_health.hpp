// How one exchange's feed is doing, as /readyz reports it: loading (its watcher has not loaded
// its alerts yet), idle (no active alert: nothing to connect), down, stale (connected but quiet
// for longer than a price may be old) or live.
#pragma once

#include "core/clock.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace pricewatch {
class price_board;
}

namespace pricewatch::api {

struct feed_health {
  std::string_view status;
  std::optional<std::int64_t> age_ms;  // of the newest price, none before the first
  // Whether the process may be ready: loaded, and live unless it watches nothing. A stale feed
  // is ok: a quiet market is not an outage.
  bool ok = false;
};

feed_health health_of(const price_board& board, time_point now);

}  // namespace pricewatch::api
