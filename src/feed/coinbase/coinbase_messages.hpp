// Coinbase Exchange's message formats (docs/exchanges.md) read into exact values: the WebSocket
// feed's matches, heartbeats, subscription acknowledgements and errors; the REST ticker, candles,
// product list and errors. Pure functions of untrusted text: they never throw and never trust a
// field's presence or type. Trade prices are decimal strings; candles are JSON numbers, read from
// their exact text.
#pragma once

#include "core/failure.hpp"
#include "feed/exchange_protocol.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pricewatch::coinbase {

enum class message_kind {
  match,          // a match or last_match with valid fields: see trade
  heartbeat,      // see beat
  subscriptions,  // the acknowledgement of a subscribe or unsubscribe: see text
  error,          // see text; refused_product when it names a product it does not know
  bad_match,      // a match whose price, time or ids are malformed: see text
  other,          // a well-formed message we do not use
  malformed,      // not JSON, or not an object with a type: see text
};

struct match {
  std::string product;
  price value;
  time_point time;
  std::int64_t trade_id = 0;
  std::int64_t sequence = 0;
};

struct heartbeat {
  std::string product;
  std::int64_t sequence = 0;
  std::int64_t last_trade_id = 0;
  time_point time;
};

struct feed_message {
  message_kind kind = message_kind::malformed;
  std::optional<match> trade;
  std::optional<heartbeat> beat;
  std::optional<std::string> refused_product;
  std::string text;
};

// One text frame of wss://ws-feed.exchange.coinbase.com.
feed_message parse_feed_message(std::string_view text);

// {"type":"subscribe"|"unsubscribe","product_ids":[...],"channels":["matches","heartbeat"]}
std::string subscription_message(std::span<const std::string> products, subscription_change change);

struct ticker {
  price value;
  time_point time;  // of the last trade
};

// GET /products/{id}/ticker: {"trade_id":..,"price":"..","size":"..","time":"..",...}.
// validation_failed when malformed.
result<ticker> parse_ticker(std::string_view body);

// GET /products/{id}/candles: [[time, low, high, open, close, volume], ...], numbers, newest
// first; returned oldest first. validation_failed when malformed.
result<std::vector<candle>> parse_candles(std::string_view body);

// GET /products: the id of every product, whatever its status.
result<std::vector<std::string>> parse_products(std::string_view body);

// {"message": "NotFound"}, or nullopt when the body is not such an error.
std::optional<std::string> parse_error(std::string_view body);

}  // namespace pricewatch::coinbase
