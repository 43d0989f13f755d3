// One symbol's 24-hour ticker from Binance's REST API (Binance.US has the same route):
// GET /api/v3/ticker/24hr?symbol=X, its answer read into a daily_ticker or the failure to report.
#pragma once

#include "feed/endpoint.hpp"
#include "feed/http_reply.hpp"
#include "feed/ticker_query.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <memory>

namespace pricewatch::binance {

class binance_ticker_query final : public ticker_query {
 public:
  // Throws boost::system::system_error when TLS cannot be set up (the system's CA certificates).
  binance_ticker_query(boost::asio::any_io_executor executor, endpoint where);
  ~binance_ticker_query() override;

  boost::asio::awaitable<result<daily_ticker>> daily(std::string symbol) override;

 private:
  struct connection;  // the endpoint and TLS context, kept alive by the requests under way
  boost::asio::any_io_executor executor_;
  std::shared_ptr<connection> connection_;
};

// What Binance's answer to the ticker of `asked` means: the ticker; not_found for a symbol it
// does not list (-1121); rate_limited with its Retry-After (429, 418); backend_unavailable for
// any other error status or an unreadable answer. Messages are fit for the API's clients.
result<daily_ticker> read_daily_ticker(const http_reply& reply, const std::string& asked);

}  // namespace pricewatch::binance
