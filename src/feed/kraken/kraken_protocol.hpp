// Kraken as an exchange_protocol (docs/exchanges.md): the trade channel of WebSocket v2 with its
// heartbeats and status, REST tickers and one-minute OHLC candles at most one request a second,
// and the asset pairs, which also teach it each pair's REST name ("BTC/USD" is "XBTUSD"). Trade
// ids count up by one per pair: a jump is a stretch the stream skipped. A "maintenance" status
// is logged and waited out: no trades come until the engine is online again, and the reconnects
// after Kraken closes the connection back off.
#pragma once

#include "feed/exchange_protocol.hpp"
#include "feed/trade_continuity.hpp"

#include <map>

namespace pricewatch::kraken {

class kraken_protocol final : public exchange_protocol {
 public:
  explicit kraken_protocol(std::chrono::milliseconds heartbeat_timeout) : heartbeat_timeout_(heartbeat_timeout) {}

  stream_rules stream() const override;
  rest_rules rest() const override;
  std::string connect_target(std::span<const std::string> symbols) const override;
  std::string subscription_message(std::span<const std::string> symbols, subscription_change change,
                                   std::int64_t id) const override;
  void on_connected() override { trades_.clear(); }
  stream_message read(std::string_view frame) override;
  std::vector<ticker_request> ticker_requests(std::span<const std::string> symbols) const override;
  rest_reading<std::vector<quoted_price>> read_tickers(const http_reply& reply,
                                                       std::span<const std::string> asked) const override;
  std::string candles_target(const std::string& symbol, time_point from, time_point until) const override;
  rest_reading<std::vector<candle>> read_candles(const http_reply& reply) const override;
  std::string instruments_target() const override;
  rest_reading<std::vector<instrument>> read_instruments(const http_reply& reply) const override;
  bool needs_instruments() const override { return true; }
  void learn(const std::vector<instrument>& instruments) override;

  // The pair's REST name: learned from the asset pairs, else the symbol without its slash.
  std::string rest_name(const std::string& symbol) const;

 private:
  std::chrono::milliseconds heartbeat_timeout_;
  trade_continuity trades_;  // of this connection
  std::map<std::string, std::string> rest_names_;  // symbol -> REST name
};

}  // namespace pricewatch::kraken
