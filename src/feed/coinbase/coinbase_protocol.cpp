#include "feed/coinbase/coinbase_protocol.hpp"

#include "feed/coinbase/coinbase_messages.hpp"
#include "feed/coinbase/product_query.hpp"

namespace pricewatch::coinbase {
namespace {

template <class T>
rest_reading<T> failed(const http_reply& reply) {
  rest_reading<T> reading;
  reading.status = reply.status == 429 ? rest_status::rate_limited : rest_status::unusable;
  reading.retry_after = reply.retry_after;
  reading.problem = "HTTP " + std::to_string(reply.status) + ": " + parse_error(reply.body).value_or("(no message)");
  return reading;
}

}  // namespace

stream_rules coinbase_protocol::stream() const {
  stream_rules rules;
  rules.symbols_per_message = 100;
  rules.max_symbols = 1024;
  // Coinbase counts every message we send against a limit of 10 a second (1000 in a burst).
  rules.message_spacing = std::chrono::milliseconds(250);
  rules.silence_timeout = heartbeat_timeout_;
  return rules;
}

rest_rules coinbase_protocol::rest() const {
  rest_rules rules;
  // Public endpoints: 10 requests a second per IP (15 in a burst).
  rules.request_spacing = std::chrono::milliseconds(125);
  rules.candle_length = std::chrono::seconds(candle_granularity);
  rules.max_candles = max_candles;
  rules.default_retry_after = std::chrono::seconds(10);
  return rules;
}

std::string coinbase_protocol::connect_target(std::span<const std::string>) const { return ""; }

std::string coinbase_protocol::subscription_message(std::span<const std::string> symbols, subscription_change change,
                                                    std::int64_t) const {
  return coinbase::subscription_message(symbols, change);
}

stream_message coinbase_protocol::read(std::string_view frame) {
  auto message = parse_feed_message(frame);
  stream_message out;
  switch (message.kind) {
    case message_kind::match: {
      const auto& trade = *message.trade;
      // The matches channel's sequence numbers skip the full channel's messages: they order
      // messages, and only trade ids show a gap.
      auto verdict = trades_.trade(trade.product, trade.sequence, trade.trade_id, trade.time);
      if (verdict.late) {
        out.note = "dropped a late match of " + trade.product + " (sequence " + std::to_string(trade.sequence) + ")";
        break;
      }
      if (verdict.missed) out.missed.push_back(std::move(*verdict.missed));
      out.trades.push_back(price_tick{trade.product, trade.value, trade.time});
      break;
    }
    case message_kind::heartbeat: {
      out.heartbeat = true;
      const auto& beat = *message.beat;
      // Trades the heartbeat counts that no match brought were missed.
      auto verdict = trades_.counted(beat.product, beat.sequence, beat.last_trade_id, beat.time);
      if (verdict.missed) out.missed.push_back(std::move(*verdict.missed));
      break;
    }
    case message_kind::subscriptions:
      out.note = std::move(message.text);
      break;
    case message_kind::error:
      out.level = note_level::warning;
      out.note = "error: " + message.text;
      if (message.refused_product) {
        // The whole subscribe request failed: the others are asked for again without it.
        out.refused_symbols.push_back(*message.refused_product);
        out.resubscribe = true;
      }
      break;
    case message_kind::bad_match:
    case message_kind::malformed:
      out.unreadable = true;
      out.note = std::move(message.text);
      break;
    case message_kind::other:
      break;
  }
  return out;
}

std::vector<ticker_request> coinbase_protocol::ticker_requests(std::span<const std::string> symbols) const {
  std::vector<ticker_request> requests;
  for (const auto& symbol : symbols) requests.push_back(ticker_request{ticker_target(symbol), {symbol}});
  return requests;
}

rest_reading<std::vector<quoted_price>> coinbase_protocol::read_tickers(const http_reply& reply,
                                                                        std::span<const std::string> asked) const {
  using reading_type = rest_reading<std::vector<quoted_price>>;
  if (reply.status == 404) {
    return reading_type{rest_status::unknown_symbol, {}, std::nullopt, parse_error(reply.body).value_or("NotFound")};
  }
  if (reply.status != 200) return failed<std::vector<quoted_price>>(reply);
  auto quote = parse_ticker(reply.body);
  if (!quote || asked.size() != 1) {
    return reading_type{rest_status::unusable, {}, std::nullopt, quote ? "one ticker for several products" : quote.error().message};
  }
  return reading_type{rest_status::ok, {quoted_price{asked.front(), quote->value, quote->time}}, std::nullopt, {}};
}

std::string coinbase_protocol::candles_target(const std::string& symbol, time_point from, time_point until) const {
  return coinbase::candles_target(symbol, from, until);
}

rest_reading<std::vector<candle>> coinbase_protocol::read_candles(const http_reply& reply) const {
  if (reply.status != 200) return failed<std::vector<candle>>(reply);
  return reading_of(parse_candles(reply.body));
}

std::string coinbase_protocol::instruments_target() const { return products_target(); }

rest_reading<std::vector<instrument>> coinbase_protocol::read_instruments(const http_reply& reply) const {
  if (reply.status != 200) return failed<std::vector<instrument>>(reply);
  auto ids = parse_products(reply.body);
  if (!ids) return reading_of<std::vector<instrument>>(ids.error());
  std::vector<instrument> listed;
  for (auto& id : *ids) listed.push_back(instrument{id, id});
  return reading_of<std::vector<instrument>>(std::move(listed));
}

}  // namespace pricewatch::coinbase
