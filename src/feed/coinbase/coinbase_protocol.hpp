// Coinbase Exchange as an exchange_protocol (docs/exchanges.md): the matches and heartbeat
// channels of wss://ws-feed.exchange.coinbase.com, REST tickers one product at a time under its
// public limit, one-minute candles, and the product list. Gaps in the stream show as trade ids
// that jump (a match, or a heartbeat's last_trade_id, ahead of the last match seen); messages
// whose sequence number is not newer than the last one are late and dropped.
#pragma once

#include "feed/exchange_protocol.hpp"
#include "feed/trade_continuity.hpp"

namespace pricewatch::coinbase {

class coinbase_protocol final : public exchange_protocol {
 public:
  explicit coinbase_protocol(std::chrono::milliseconds heartbeat_timeout) : heartbeat_timeout_(heartbeat_timeout) {}

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

 private:
  std::chrono::milliseconds heartbeat_timeout_;
  trade_continuity trades_;  // of this connection
};

}  // namespace pricewatch::coinbase
