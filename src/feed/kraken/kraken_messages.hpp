// Kraken's message formats (docs/exchanges.md) read into exact values: WebSocket v2's trades,
// heartbeats, status, subscription acknowledgements and errors; the REST API's error list,
// tickers, OHLC candles and asset pairs. Pure functions of untrusted text: they never throw and
// never trust a field's presence or type. Trade prices are JSON numbers, read from their exact
// text; REST prices are decimal strings.
#pragma once

#include "core/failure.hpp"
#include "feed/exchange_protocol.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pricewatch::kraken {

enum class message_kind {
  trades,           // an update of the trade channel: see trades
  snapshot,         // the trade channel's snapshot of recent trades: see trades
  heartbeat,
  status,           // see system ("online", "maintenance", "cancel_only", "post_only") and text
  acknowledgement,  // a method's successful answer (subscribe, unsubscribe, pong): see text
  refusal,          // a subscription refused for a symbol Kraken does not know: see refused_symbol
  error,            // any other failed request or error: see text
  bad_trade,        // a trade message with a malformed trade: see text
  other,            // a well-formed message we do not use
  malformed,        // not JSON, or no channel nor method: see text
};

struct trade {
  std::string symbol;
  price value;
  time_point time;
  std::int64_t trade_id = 0;
};

struct ws_message {
  message_kind kind = message_kind::malformed;
  std::vector<trade> trades;
  std::string system;
  std::optional<std::string> refused_symbol;
  std::string text;
};

// One text frame of wss://ws.kraken.com/v2.
ws_message parse_ws_message(std::string_view text);

// {"method":"subscribe","params":{"channel":"trade","symbol":[...],"snapshot":false},"req_id":id},
// or "unsubscribe" without the snapshot. No snapshot: its trades are old news, and a
// reconnect's gap is read from candles.
std::string subscription_message(std::span<const std::string> symbols, subscription_change change, std::int64_t id);

// The "error" list of a REST answer ({"error":["EQuery:Unknown asset pair"],"result":{}}); empty
// when there is none or the body is not Kraken's envelope.
std::vector<std::string> parse_errors(std::string_view body);

// /0/public/Ticker: each pair's name (as the result names it) and its last trade price (c[0]).
result<std::vector<std::pair<std::string, price>>> parse_tickers(std::string_view body);

// /0/public/OHLC: [time, open, high, low, close, vwap, volume, count] rows, oldest first.
result<std::vector<candle>> parse_ohlc(std::string_view body);

// /0/public/AssetPairs?assetVersion=1: each pair's WebSocket v2 symbol (the result's key, such as
// "BTC/USD"; its wsname when the key has no slash) and its REST name (altname, such as "XBTUSD").
result<std::vector<instrument>> parse_asset_pairs(std::string_view body);

}  // namespace pricewatch::kraken
