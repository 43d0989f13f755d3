// GET requests to the exchange's REST API over HTTP/1.1, with or without TLS, each under a
// deadline. One request at a time per client; the connection is not kept between requests,
// which at one poll every few seconds costs nothing worth a pool.
#pragma once

#include "feed/endpoint.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace pricewatch::binance {

struct http_reply {
  unsigned status = 0;
  std::string body;
  std::optional<std::chrono::seconds> retry_after;
};

class rest_client {
 public:
  rest_client(boost::asio::any_io_executor executor, endpoint where, boost::asio::ssl::context& tls);

  // target: path and query under the base path ("/api/v3/ticker/price?symbol=BTCUSDT"). Throws
  // boost::system::system_error when the exchange cannot be reached or answers too slowly.
  boost::asio::awaitable<http_reply> get(const std::string& target);

 private:
  boost::asio::any_io_executor executor_;
  endpoint where_;
  boost::asio::ssl::context& tls_;
};

}  // namespace pricewatch::binance
