// The price route's way to the exchange's 24-hour tickers: the kept answer when there is one
// (ticker_cache), else one ask of the exchange that every caller about the same symbol waits for,
// each for a bounded time. An ask that outlasts its callers still fills the cache for the next.
// Thread-safe: handlers on the blocking pool call get(), the I/O threads kept().
#pragma once

#include "core/clock.hpp"
#include "feed/ticker_cache.hpp"
#include "feed/ticker_query.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace pricewatch {

class ticker_quotes {
 public:
  using answer_handler = std::function<void(result<daily_ticker>)>;
  // Starts asking the exchange about a symbol and calls done exactly once with the outcome, from
  // any thread, possibly before it returns.
  using ask_function = std::function<void(const std::string& symbol, answer_handler done)>;

  // patience: how long get() waits for an ask under way; max_waiting: how many callers may wait at
  // once (they hold threads of the blocking pool, which the database needs too).
  ticker_quotes(ask_function ask, const monotonic_clock& clock, ticker_limits limits,
                std::chrono::milliseconds patience, std::size_t max_waiting);

  // The kept answer, never waiting (see ticker_cache::find).
  std::optional<result<daily_ticker>> kept(const std::string& symbol, std::chrono::milliseconds max_age) const;

  // A ticker no older than max_age, asking the exchange when none is kept. Blocks up to patience:
  // call it from the blocking pool. Errors: not_found (the exchange does not list the symbol),
  // rate_limited (too many symbols asked this second, the exchange asked us to slow down, or
  // max_waiting callers wait already, while the ask goes on; retry_after_seconds set),
  // backend_unavailable (unreachable, unreadable, or no answer in time).
  result<daily_ticker> get(const std::string& symbol, std::chrono::milliseconds max_age);

 private:
  void answered(const std::string& symbol, result<daily_ticker> answer);

  ask_function ask_;
  const monotonic_clock& clock_;
  std::chrono::milliseconds patience_;
  std::size_t max_waiting_;
  std::size_t waiting_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  ticker_cache cache_;
};

// How many price requests may wait for the exchange on a blocking pool of that many threads:
// half of them, at least one, so that a slow exchange never holds the database's threads.
std::size_t waiting_limit(std::size_t pool_threads);

// Asks through query on executor (a coroutine per ask; nothing blocks there).
ticker_quotes::ask_function ask_with(boost::asio::any_io_executor executor, ticker_query& query);

}  // namespace pricewatch
