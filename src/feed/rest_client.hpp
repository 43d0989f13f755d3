// GET requests to an exchange's REST API over HTTP/1.1, with or without TLS, each under a
// deadline: every exchange's tickers, candles and instrument lists. One request at a time per
// client; the connection is not kept between requests, which at one poll every few seconds costs
// nothing worth a pool. The only translation unit with Beast's HTTP (slow to compile).
#pragma once

#include "feed/endpoint.hpp"
#include "feed/http_reply.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace pricewatch {

class rest_client {
 public:
  rest_client(boost::asio::any_io_executor executor, endpoint where, boost::asio::ssl::context& tls);

  // target: path and query under the base path ("/api/v3/ticker/price?symbol=BTCUSDT"). Throws
  // boost::system::system_error when the exchange cannot be reached or answers too slowly.
  // Any HTTP status is an answer: the exchange's parser judges it.
  boost::asio::awaitable<http_reply> get(const std::string& target);

 private:
  boost::asio::any_io_executor executor_;
  endpoint where_;
  boost::asio::ssl::context& tls_;
};

// The process's TLS client context: it verifies servers against the system's CA certificates.
// One for every feed, instrument list and ticker of every exchange, because loading the
// certificates costs 40-70 ms of CPU each time (OpenSSL 3 parses about 140 of them), and nine
// contexts had made that the largest part of the service's start. Made on first use; throws
// boost::system::system_error when the certificates cannot be loaded (and again on the next call).
std::shared_ptr<boost::asio::ssl::context> shared_tls_client_context();

}  // namespace pricewatch
