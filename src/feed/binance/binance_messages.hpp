// Binance's message formats (BINANCE.md) read into exact values: stream events, ticker prices,
// klines and errors. Pure functions of untrusted text: every one has a fuzz-friendly contract of
// never throwing and never trusting a field's presence or type.
#pragma once

#include "core/failure.hpp"
#include "feed/daily_ticker.hpp"
#include "feed/price_tick.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pricewatch::binance {

enum class event_kind {
  trade,                // an aggTrade or trade with a valid price: see tick
  bad_trade,            // a trade event whose price or time is malformed: see reason
  control_reply,        // {"result": ..., "id": ...} or an error reply to SUBSCRIBE and friends
  server_shutdown,      // reconnect at once
  other,                // a well-formed event we do not use
  malformed,            // not JSON, or not an object: see reason
};

struct stream_event {
  event_kind kind = event_kind::malformed;
  std::optional<price_tick> tick;
  std::string reason;
};

// One text frame of a raw (/ws) or combined (/stream) connection.
stream_event parse_stream_message(std::string_view text);

// "btcusdt@aggTrade" for "BTCUSDT".
std::string trade_stream_name(std::string_view symbol);

struct symbol_price {
  std::string symbol;
  price value;
};

// /api/v3/ticker/price: one object or an array of them. validation_failed when malformed.
result<std::vector<symbol_price>> parse_ticker_prices(std::string_view body);

struct kline {
  std::int64_t open_time_ms = 0;
  price high;
  price low;
};

// /api/v3/klines: an array of arrays. validation_failed when malformed.
result<std::vector<kline>> parse_klines(std::string_view body);

// /api/v3/ticker/24hr?symbol=X (the FULL form, Binance's default): the symbol, lastPrice,
// priceChangePercent and closeTime. The percent is a signed decimal string ("-95.960"), kept as
// exact text with its trailing zeros dropped ("-95.96"). validation_failed when malformed.
result<daily_ticker> parse_ticker_24h(std::string_view body);

struct api_error {
  std::int64_t code = 0;
  std::string message;
};

// {"code": -1121, "msg": "Invalid symbol."}, or nullopt when body is not such an error.
std::optional<api_error> parse_api_error(std::string_view body);

// /api/v3/exchangeInfo: the names of the symbols it lists, whatever their status (a halted
// symbol is still one the exchange knows). validation_failed when malformed.
result<std::vector<std::string>> parse_exchange_info(std::string_view body);

// {"method": "SUBSCRIBE"|"UNSUBSCRIBE", "params": [...], "id": id}
std::string control_message(std::string_view method, const std::vector<std::string>& streams, std::int64_t id);

}  // namespace pricewatch::binance
