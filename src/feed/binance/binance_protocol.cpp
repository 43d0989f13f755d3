#include "feed/binance/binance_protocol.hpp"

#include "core/time_format.hpp"
#include "feed/binance/binance_messages.hpp"
#include "feed/binance/symbol_query.hpp"

namespace pricewatch::binance {
namespace {

// Binance answers 429 when over its weight limit and 418 to a client that ignored 429s, both
// with Retry-After.
bool rate_limited(const http_reply& reply) { return reply.status == 429 || reply.status == 418; }

template <class T>
rest_reading<T> failed(const http_reply& reply, std::string problem = {}) {
  rest_reading<T> reading;
  reading.status = rate_limited(reply) ? rest_status::rate_limited : rest_status::unusable;
  reading.retry_after = reply.retry_after;
  reading.problem = problem.empty() ? "HTTP " + std::to_string(reply.status) : std::move(problem);
  return reading;
}

}  // namespace

stream_rules binance_protocol::stream() const {
  stream_rules rules;
  rules.symbols_in_url = 100;  // more go by SUBSCRIBE, keeping the URL short
  rules.symbols_per_message = 100;
  rules.max_symbols = 1024;  // streams per connection
  rules.message_spacing = std::chrono::milliseconds(250);
  rules.planned_reconnect = std::chrono::hours(23);  // Binance cuts connections at 24 hours
  return rules;
}

rest_rules binance_protocol::rest() const {
  rest_rules rules;
  rules.candle_length = options_.kline_length;
  rules.max_candles = max_klines;
  return rules;
}

std::string binance_protocol::connect_target(std::span<const std::string> symbols) const {
  std::string target = "/stream?streams=";
  for (std::size_t i = 0; i < symbols.size(); ++i) target += (i > 0 ? "/" : "") + trade_stream_name(symbols[i]);
  return target;
}

std::string binance_protocol::subscription_message(std::span<const std::string> symbols, subscription_change change,
                                                   std::int64_t id) const {
  std::vector<std::string> streams;
  for (const auto& symbol : symbols) streams.push_back(trade_stream_name(symbol));
  return control_message(change == subscription_change::subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE", streams, id);
}

stream_message binance_protocol::read(std::string_view frame) {
  auto event = parse_stream_message(frame);
  stream_message message;
  switch (event.kind) {
    case event_kind::trade:
      message.trades.push_back(std::move(*event.tick));
      break;
    case event_kind::bad_trade:
    case event_kind::malformed:
      message.unreadable = true;
      message.note = std::move(event.reason);
      break;
    case event_kind::server_shutdown:
      message.reconnect = true;
      break;
    case event_kind::control_reply:
      message.note = std::move(event.reason);
      break;
    case event_kind::other:
      break;
  }
  return message;
}

std::vector<ticker_request> binance_protocol::ticker_requests(std::span<const std::string> symbols) const {
  if (symbols.empty()) return {};
  std::vector<std::string> list(symbols.begin(), symbols.end());
  return {ticker_request{ticker_target(list), list}};
}

rest_reading<std::vector<quoted_price>> binance_protocol::read_tickers(const http_reply& reply,
                                                                       std::span<const std::string>) const {
  using reading_type = rest_reading<std::vector<quoted_price>>;
  if (reply.status == 400) {
    // -1121 "Invalid symbol.", -1100 illegal characters: one such symbol fails a whole list.
    const auto error = parse_api_error(reply.body);
    if (error && (error->code == -1121 || error->code == -1100)) {
      return reading_type{rest_status::unknown_symbol, {}, std::nullopt, error->message};
    }
  }
  if (reply.status != 200) return failed<std::vector<quoted_price>>(reply);
  auto prices = parse_ticker_prices(reply.body);
  if (!prices) return reading_of<std::vector<quoted_price>>(prices.error());
  reading_type reading;
  for (auto& item : *prices) reading.value.push_back(quoted_price{std::move(item.symbol), item.value, std::nullopt});
  return reading;
}

std::string binance_protocol::candles_target(const std::string& symbol, time_point from, time_point until) const {
  return klines_target(symbol, options_.kline_interval, to_unix_millis(from), to_unix_millis(until));
}

std::string binance_protocol::history_candles_target(const std::string& symbol, time_point from, time_point until) const {
  return klines_target(symbol, "1m", to_unix_millis(from), to_unix_millis(until));
}

rest_reading<std::vector<candle>> binance_protocol::read_candles(const http_reply& reply) const {
  if (reply.status != 200) return failed<std::vector<candle>>(reply);
  auto klines = parse_klines(reply.body);
  if (!klines) return reading_of<std::vector<candle>>(klines.error());
  std::vector<candle> candles;
  for (const auto& kline : *klines) candles.push_back(candle{from_unix_millis(kline.open_time_ms), kline.low, kline.high});
  return reading_of<std::vector<candle>>(std::move(candles));
}

std::string binance_protocol::instruments_target() const { return exchange_info_target(); }

rest_reading<std::vector<instrument>> binance_protocol::read_instruments(const http_reply& reply) const {
  if (reply.status != 200) return failed<std::vector<instrument>>(reply);
  auto names = parse_exchange_info(reply.body);
  if (!names) return reading_of<std::vector<instrument>>(names.error());
  std::vector<instrument> listed;
  for (auto& name : *names) listed.push_back(instrument{name, name});
  return reading_of<std::vector<instrument>>(std::move(listed));
}

}  // namespace pricewatch::binance
