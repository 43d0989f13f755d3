#include "api/feed_health.hpp"

#include "watch/price_board.hpp"

#include <algorithm>

namespace pricewatch::api {

feed_health health_of(const price_board& board, time_point now) {
  // The feed only connects while some alert is active; with none, there is nothing to watch.
  const bool watching_something = board.counters().active_alerts.load() > 0;
  feed_health health;
  health.ok = board.watching() && (board.live() || !watching_something);
  for (const auto& [symbol, entry] : board.all()) {
    const auto age = std::chrono::duration_cast<std::chrono::milliseconds>(now - entry.trade_time).count();
    health.age_ms = health.age_ms ? std::min(*health.age_ms, age) : age;
  }
  const auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(board.max_staleness());
  const bool stale = watching_something && (!health.age_ms || std::chrono::milliseconds(*health.age_ms) > limit);
  health.status = !board.watching() ? "loading"
                  : !board.live()   ? (watching_something ? "down" : "idle")
                  : stale           ? "stale"
                                    : "live";
  return health;
}

}  // namespace pricewatch::api
