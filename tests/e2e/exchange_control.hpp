// A client of the fake exchange's control API (tests/fixtures/README.md): prices, pauses,
// dropped connections, raw frames, and the state the watcher left on the exchange.
#pragma once

#include "http_client.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pricewatch::e2e {

// "<symbol lower case>@aggTrade", the stream the watcher subscribes to for a symbol.
std::string trade_stream(std::string_view symbol);

// Milliseconds since the epoch, now, as the exchange stamps trades.
std::int64_t now_ms();

// For the test's thread only. Every call expects HTTP 200 and records a failure otherwise.
class exchange_control {
 public:
  explicit exchange_control(unsigned short port) : http_(port) {}

  // Records a trade; returns how many stream connections the aggTrade reached (0 while paused).
  std::int64_t set_price(std::string_view symbol, std::string_view price,
                         std::optional<std::int64_t> trade_time_ms = std::nullopt);
  void pause(bool paused);
  std::int64_t drop();                                 // connections aborted
  std::int64_t garbage(std::string_view text);         // connections reached
  std::int64_t raw_event(std::string_view stream, const boost::json::value& data);
  std::int64_t server_shutdown();                      // connections told
  boost::json::value state();

  bool subscribed(std::string_view symbol);
  // Polls the state until the symbol's stream is (or is no longer) subscribed; false at 10 s.
  bool wait_for_subscription(std::string_view symbol, bool present = true);

 private:
  boost::json::value post(std::string_view target, const boost::json::value& body);
  http_client http_;
};

}  // namespace pricewatch::e2e
