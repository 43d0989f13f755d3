// Binance as an exchange_protocol (BINANCE.md): the combined aggTrade stream with live
// SUBSCRIBE/UNSUBSCRIBE (4 control messages a second, under its 5), serverShutdown answered by an
// immediate reconnect and a planned one before its 24-hour cut, ticker prices, klines and
// exchangeInfo. Binance.US is the same API on other hosts: the same protocol, with minute klines.
#pragma once

#include "feed/exchange_protocol.hpp"

#include <chrono>
#include <string_view>

namespace pricewatch::binance {

struct binance_options {
  std::string_view kline_interval = "1s";
  std::chrono::milliseconds kline_length{1000};
};

// Binance.US's documentation lists no 1-second klines: its gaps are read from 1-minute ones.
inline constexpr binance_options binance_us_options{"1m", std::chrono::minutes(1)};

class binance_protocol final : public exchange_protocol {
 public:
  explicit binance_protocol(binance_options options = {}) : options_(options) {}

  stream_rules stream() const override;
  rest_rules rest() const override;
  std::string connect_target(std::span<const std::string> symbols) const override;
  std::string subscription_message(std::span<const std::string> symbols, subscription_change change,
                                   std::int64_t id) const override;
  void on_connected() override {}
  stream_message read(std::string_view frame) override;
  std::vector<ticker_request> ticker_requests(std::span<const std::string> symbols) const override;
  rest_reading<std::vector<quoted_price>> read_tickers(const http_reply& reply,
                                                       std::span<const std::string> asked) const override;
  std::string candles_target(const std::string& symbol, time_point from, time_point until) const override;
  std::string history_candles_target(const std::string& symbol, time_point from, time_point until) const override;
  rest_reading<std::vector<candle>> read_candles(const http_reply& reply) const override;
  std::string instruments_target() const override;
  rest_reading<std::vector<instrument>> read_instruments(const http_reply& reply) const override;

 private:
  binance_options options_;
};

}  // namespace pricewatch::binance
