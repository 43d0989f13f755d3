// The last price seen of each symbol and the feed's health, written by the watcher and read by
// the API (/api/v1/prices, /readyz, /metrics). Thread-safe behind a shared mutex.
#pragma once

#include "core/clock.hpp"
#include "core/price.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>

namespace pricewatch {

struct board_entry {
  price value;
  time_point trade_time;
  time_point received_at;
};

struct feed_counters {
  std::atomic<std::uint64_t> ticks{0};        // accepted prices
  std::atomic<std::uint64_t> malformed{0};    // frames or prices we could not read
  std::atomic<std::uint64_t> non_positive{0};
  std::atomic<std::uint64_t> stale{0};        // older than feed.max_staleness_seconds
  std::atomic<std::uint64_t> unwatched{0};    // symbols with no active alert
  std::atomic<std::uint64_t> fired{0};        // alerts that went created -> triggered
  std::atomic<std::uint64_t> reconnects{0};
  std::atomic<std::uint64_t> gap_fills{0};    // gap stretches (1-second klines) applied
  std::atomic<std::int64_t> active_alerts{0}; // in the trigger engine
};

class price_board {
 public:
  void update(const std::string& symbol, board_entry entry);
  std::optional<board_entry> find(const std::string& symbol) const;
  std::map<std::string, board_entry> all() const;

  // The feed delivers prices now (stream connected, or REST polling answering).
  void set_live(bool live) { live_ = live; }
  bool live() const { return live_; }
  // The watcher loaded its alerts and follows the feed.
  void set_watching(bool watching) { watching_ = watching; }
  bool watching() const { return watching_; }

  // Prices older than this never fire; a feed whose newest price is older is stale.
  void set_max_staleness(std::chrono::seconds limit) { max_staleness_seconds_ = limit.count(); }
  std::chrono::seconds max_staleness() const { return std::chrono::seconds(max_staleness_seconds_.load()); }

  feed_counters& counters() { return counters_; }
  const feed_counters& counters() const { return counters_; }

 private:
  mutable std::shared_mutex mutex_;
  std::map<std::string, board_entry> entries_;
  std::atomic<bool> live_{false};
  std::atomic<bool> watching_{false};
  std::atomic<std::int64_t> max_staleness_seconds_{30};
  feed_counters counters_;
};

}  // namespace pricewatch
