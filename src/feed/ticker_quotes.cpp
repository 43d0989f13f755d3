#include "feed/ticker_quotes.hpp"

#include <boost/asio/co_spawn.hpp>

#include <algorithm>

namespace pricewatch {

ticker_quotes::ticker_quotes(ask_function ask, const monotonic_clock& clock, ticker_limits limits,
                             std::chrono::milliseconds patience, std::size_t max_waiting)
    : ask_(std::move(ask)), clock_(clock), patience_(patience), max_waiting_(max_waiting), cache_(limits) {}

std::optional<result<daily_ticker>> ticker_quotes::kept(const std::string& symbol,
                                                        std::chrono::milliseconds max_age) const {
  const std::lock_guard lock(mutex_);
  return cache_.find(symbol, max_age, clock_.now());
}

result<daily_ticker> ticker_quotes::get(const std::string& symbol, std::chrono::milliseconds max_age) {
  // The deadline is real time: it bounds how long a pool thread waits, whatever clock_ says.
  const auto deadline = std::chrono::steady_clock::now() + patience_;
  std::unique_lock lock(mutex_);
  bool asked = false;
  for (;;) {
    if (auto answer = cache_.find(symbol, max_age, clock_.now())) return std::move(*answer);
    if (asked) {
      // This call's own ask is over: its answer, even one that is not kept (a rate limit).
      if (auto answer = cache_.latest(symbol)) return std::move(*answer);
    }
    const auto permission = cache_.begin(symbol, clock_.now());
    if (permission.verdict == ticker_cache::decision::refuse) {
      return failure{errc::rate_limited, "Too many prices asked of the exchange just now; try again in a moment.",
                     permission.retry_after.count()};
    }
    if (permission.verdict == ticker_cache::decision::ask) {
      asked = true;
      lock.unlock();  // the answer may come before ask_ returns, and takes the lock
      try {
        ask_(symbol, [this, symbol](result<daily_ticker> answer) { answered(symbol, std::move(answer)); });
      } catch (const std::exception&) {
        // Not even started: the symbol must not stay "being asked" for ever.
        answered(symbol, make_failure(errc::backend_unavailable, "The exchange cannot be reached."));
      }
      lock.lock();
      continue;  // answered already, or still under way (begin then says wait)
    }
    if (waiting_ >= max_waiting_) {
      return failure{errc::rate_limited, "Other prices are being asked of the exchange; try again in a second.", 1};
    }
    ++waiting_;
    const auto waited = changed_.wait_until(lock, deadline);
    --waiting_;
    if (waited == std::cv_status::timeout) {
      if (auto answer = cache_.find(symbol, max_age, clock_.now())) return std::move(*answer);
      return make_failure(errc::backend_unavailable, "The exchange did not answer in time; try again later.");
    }
  }
}

void ticker_quotes::answered(const std::string& symbol, result<daily_ticker> answer) {
  {
    const std::lock_guard lock(mutex_);
    cache_.finish(symbol, std::move(answer), clock_.now());
  }
  changed_.notify_all();
}

std::size_t waiting_limit(std::size_t pool_threads) { return std::max<std::size_t>(1, pool_threads / 2); }

ticker_quotes::ask_function ask_with(boost::asio::any_io_executor executor, ticker_query& query) {
  return [executor, &query](const std::string& symbol, ticker_quotes::answer_handler done) {
    boost::asio::co_spawn(executor, query.daily(symbol),
                          [done = std::move(done)](std::exception_ptr error, result<daily_ticker> answer) {
                            if (error) answer = make_failure(errc::backend_unavailable, "The exchange cannot be reached.");
                            done(std::move(answer));
                          });
  };
}

}  // namespace pricewatch
