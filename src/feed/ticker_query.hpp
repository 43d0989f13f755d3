// An exchange's 24-hour ticker of one symbol, asked over its REST API: the seam between the price
// route's cache (ticker_quotes) and the exchange. Made by make_ticker_query.
#pragma once

#include "core/failure.hpp"
#include "feed/daily_ticker.hpp"

#include <boost/asio/awaitable.hpp>

#include <string>

namespace pricewatch {

// Runs on the executor it was made with; any number of calls may be under way at once.
class ticker_query {
 public:
  virtual ~ticker_query() = default;
  // not_found when the exchange does not list the symbol; rate_limited (retry_after_seconds set)
  // when it asks us to slow down; backend_unavailable when it cannot be reached in time or its
  // answer cannot be read. Never throws for the exchange's sake.
  virtual boost::asio::awaitable<result<daily_ticker>> daily(std::string symbol) = 0;
};

}  // namespace pricewatch
