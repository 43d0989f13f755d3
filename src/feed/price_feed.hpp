// An exchange adapter as the watcher sees it (DESIGN.md sections 5 and 11): it follows the
// symbols it is given and reports prices, gaps and whether it is connected. Frames, REST polling,
// candles, the exchange's errors, rate limits and reconnects stay behind it, so that Binance,
// Binance.US, Coinbase or Kraken look the same to the watcher. Made by make_price_feed.
#pragma once

#include "feed/price_tick.hpp"

#include <functional>
#include <set>
#include <string>
#include <string_view>

namespace pricewatch {

// live: prices arrive (the stream is connected, or REST polling answers when it is the source).
enum class feed_state { live, down };

// What a feed tells its owner, on the executor the feed was made with, one call at a time.
// None of them may block.
struct feed_handlers {
  // A price read soundly from the exchange. Its sign and age are the owner's to judge: the rule
  // is the same for every exchange.
  std::function<void(const price_tick& tick)> on_tick;
  // The low and high of a stretch the feed missed, one stretch at a time, after it reconnected.
  std::function<void(const price_gap& gap)> on_gap;
  // The low and high of a stretch before now that recall() asked for, one candle at a time: history
  // to know, not news to fire on.
  std::function<void(const price_gap& stretch)> on_history;
  // On every change of state only; a feed starts down.
  std::function<void(feed_state state)> on_state;
  // A message from the exchange that could not be read (the feed logs it): counted, never fired on.
  std::function<void()> on_unreadable;
};

// Used on the executor it was made with: every method must be called there.
class price_feed {
 public:
  virtual ~price_feed() = default;
  // Starts following the symbols of follow() and reporting to handlers. Failures to reach the
  // exchange are not errors to the caller: the feed retries with backoff and reports its state.
  virtual void start(feed_handlers handlers) = 0;
  // The complete set of symbols to follow from now on (those with active alerts); the feed
  // subscribes to new ones and drops the others. May be called before start().
  virtual void follow(const std::set<std::string>& symbols) = 0;
  // Reads the candles of a symbol from `from` until now and reports them to on_history (after
  // start()). Failures are logged, not retried: the windows fill with live prices meanwhile.
  virtual void recall(const std::string& symbol, time_point from) = 0;
  // Closes connections and ends every wait; reports in flight may still arrive until they end.
  virtual void stop() = 0;
};

}  // namespace pricewatch
