// One exchange's formats and limits, as the shared machinery uses them: the stream client
// (connection, subscriptions, keep-alive), exchange_feed (ticks, gaps, REST fallback, candles)
// and the instrument query. Each exchange implements it once (binance/, coinbase/, kraken/), on
// top of pure parsing functions that unit tests reach; nothing here does I/O.
// One instance per feed, used on its strand: read() keeps the stream's sequence state.
#pragma once

#include "core/failure.hpp"
#include "feed/http_reply.hpp"
#include "feed/price_tick.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pricewatch {

// How a stream connection may be used.
struct stream_rules {
  std::size_t symbols_in_url = 0;         // subscribed by the handshake's URL (Binance's combined streams)
  std::size_t symbols_per_message = 100;  // in one subscribe or unsubscribe message
  std::size_t max_symbols = 1024;         // per connection
  std::chrono::milliseconds message_spacing{250};  // between two control messages we send
  std::chrono::seconds planned_reconnect{0};       // reconnect on purpose this often; 0: never
  std::chrono::milliseconds silence_timeout{0};    // heartbeats stopped this long: reconnect; 0: none
};

// How the REST API may be used.
struct rest_rules {
  std::chrono::milliseconds request_spacing{0};  // between two requests: the public rate limit
  std::chrono::milliseconds candle_length{1000};  // the finest candles, the ones gaps are read from
  std::size_t max_candles = 1000;                 // per request
  // The candles a new window's history is read from (hours of it: a minute's are few requests).
  std::chrono::milliseconds history_candle_length{60'000};
  std::chrono::seconds default_retry_after{60};   // a rate-limited answer that says no Retry-After
};

enum class subscription_change { subscribe, unsubscribe };

// A stretch the stream skipped while connected (its sequence numbers jumped): its candles hold
// the prices it missed.
struct missed_stretch {
  std::string symbol;
  time_point from;
  time_point until;
};

enum class note_level { debug, info, warning };

// What one stream message says. A plain trade message has trades only.
struct stream_message {
  std::vector<price_tick> trades;            // sound trades, in the order they happened
  std::vector<missed_stretch> missed;        // stretches the sequence numbers show were skipped
  std::vector<std::string> refused_symbols;  // subscriptions the exchange refused
  bool resubscribe = false;  // the exchange dropped a whole subscription request: send them again
  bool reconnect = false;    // the exchange is about to close the connection: reconnect now
  bool heartbeat = false;
  bool unreadable = false;   // malformed, or a trade with a bad field: counted, never fired on
  note_level level = note_level::debug;
  std::string note;  // for the log: acknowledgements, errors, status, why it is unreadable
};

// A price from the REST ticker; trade_time when the exchange says when it traded.
struct quoted_price {
  std::string symbol;
  price value;
  std::optional<time_point> trade_time;
};

// One candle: the low and high of [open, open + length).
struct candle {
  time_point open;
  price low;
  price high;
};

// A tradable pair: its symbol in the exchange's own stream form, and its name in REST requests
// where the exchange names it differently (Kraken: "BTC/USD" is "XBTUSD").
struct instrument {
  std::string symbol;
  std::string rest_name;
};

enum class rest_status {
  ok,
  rate_limited,    // wait retry_after, then try again
  unknown_symbol,  // the exchange does not know (one of) the symbols asked for
  unusable,        // an error status or a malformed body: see problem
};

template <class T>
struct rest_reading {
  rest_status status = rest_status::ok;
  T value{};
  std::optional<std::chrono::seconds> retry_after;
  std::string problem;
};

// A parser's outcome as a reading: ok with its value, or unusable with its message.
template <class T>
rest_reading<T> reading_of(result<T> parsed) {
  if (!parsed) return rest_reading<T>{rest_status::unusable, {}, std::nullopt, parsed.error().message};
  return rest_reading<T>{rest_status::ok, std::move(*parsed), std::nullopt, {}};
}

// The REST ticker request for some of the symbols followed.
struct ticker_request {
  std::string target;
  std::vector<std::string> symbols;
};

class exchange_protocol {
 public:
  virtual ~exchange_protocol() = default;

  virtual stream_rules stream() const = 0;
  virtual rest_rules rest() const = 0;

  // --- the stream ---
  // The handshake target under the endpoint's base path, naming (at most stream().symbols_in_url)
  // symbols when the exchange takes them in the URL; "" for the base path itself.
  virtual std::string connect_target(std::span<const std::string> symbols) const = 0;
  // One message subscribing to (or unsubscribing from) these symbols' trades; id counts up.
  virtual std::string subscription_message(std::span<const std::string> symbols, subscription_change change,
                                           std::int64_t id) const = 0;
  // A new connection starts: sequence numbers start over.
  virtual void on_connected() = 0;
  // One text message of the stream.
  virtual stream_message read(std::string_view frame) = 0;

  // --- REST ---
  virtual std::vector<ticker_request> ticker_requests(std::span<const std::string> symbols) const = 0;
  virtual rest_reading<std::vector<quoted_price>> read_tickers(const http_reply& reply,
                                                               std::span<const std::string> asked) const = 0;
  // The candles of [from, until] (rest().candle_length each, at most rest().max_candles).
  virtual std::string candles_target(const std::string& symbol, time_point from, time_point until) const = 0;
  // The candles of [from, until] for history (rest().history_candle_length each, at most
  // rest().max_candles): the gap's own where those are as long already.
  virtual std::string history_candles_target(const std::string& symbol, time_point from, time_point until) const {
    return candles_target(symbol, from, until);
  }
  // Ascending by open time; either kind.
  virtual rest_reading<std::vector<candle>> read_candles(const http_reply& reply) const = 0;
  virtual std::string instruments_target() const = 0;
  virtual rest_reading<std::vector<instrument>> read_instruments(const http_reply& reply) const = 0;
  // Whether REST requests need the instrument list first (names that differ from the stream's).
  virtual bool needs_instruments() const { return false; }
  virtual void learn(const std::vector<instrument>& instruments) { (void)instruments; }
};

}  // namespace pricewatch
