// A client of the fake exchange's control API (tests/fixtures/README.md): prices, pauses,
// dropped connections, outages, heartbeats, raw frames, and the state the watcher (or an
// exchange adapter) left on the exchange, for Binance's format and for Coinbase's and Kraken's.
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

  // Records a trade; returns how many stream connections it reached (0 while paused).
  std::int64_t set_price(std::string_view symbol, std::string_view price,
                         std::optional<std::int64_t> trade_time_ms = std::nullopt);
  // Records a trade that no stream is sent: its trade id is skipped by the streams, its price
  // reaches REST and candles only (a wick the streams missed).
  void set_unsent_price(std::string_view symbol, std::string_view price);
  void pause(bool paused);
  std::int64_t drop();                                 // connections aborted
  std::int64_t garbage(std::string_view text);         // connections reached
  // The text padded with spaces to size bytes (0: as is), sent repeat times; frames sent.
  std::int64_t garbage(std::string_view text, std::int64_t repeat, std::int64_t size);
  std::int64_t raw_event(std::string_view stream, const boost::json::value& data);
  std::int64_t server_shutdown();                      // connections told
  // While down, every stream refuses connections (REST still answers); returns those dropped.
  std::int64_t stream_down(bool down);
  void pause_heartbeats(bool paused);                  // Coinbase's and Kraken's
  // The next count REST requests of any format fail with that status (429 and 418 with
  // Retry-After: retry_after_seconds).
  void rest_failures(unsigned status, std::int64_t count, std::int64_t retry_after_seconds = 1);
  std::int64_t kraken_status(std::string_view system);  // connections told
  boost::json::value state();
  // The state of one format's streams: "binance" (the top level), "coinbase" or "kraken".
  boost::json::value stream_state(std::string_view exchange);

  // Whether that format's streams follow the name ("btcusdt@aggTrade", "BTC-USD", "BTC/USD").
  bool follows(std::string_view exchange, std::string_view name);
  // Polls the state until they do (or no longer do); false at 10 s.
  bool wait_for_follow(std::string_view exchange, std::string_view name, bool present = true);

  bool subscribed(std::string_view symbol);
  // Polls the state until the symbol's stream is (or is no longer) subscribed; false at 10 s.
  bool wait_for_subscription(std::string_view symbol, bool present = true);

 private:
  boost::json::value post(std::string_view target, const boost::json::value& body);
  http_client http_;
};

}  // namespace pricewatch::e2e
