#include "feed/kraken/kraken_protocol.hpp"

#include "feed/kraken/kraken_messages.hpp"
#include "feed/kraken/pair_query.hpp"

#include <algorithm>

namespace pricewatch::kraken {
namespace {

bool mentions(const std::vector<std::string>& errors, std::string_view text) {
  return std::ranges::any_of(errors, [&](const std::string& error) { return error.find(text) != std::string::npos; });
}

// Kraken answers HTTP 200 with an error list ("EQuery:Unknown asset pair", "EGeneral:Too many
// requests", "EAPI:Rate limit exceeded", "EService:Throttled: ..."); its CDN answers 429.
template <class T>
std::optional<rest_reading<T>> failure_of(const http_reply& reply) {
  rest_reading<T> reading;
  if (reply.status != 200) {
    reading.status = reply.status == 429 ? rest_status::rate_limited : rest_status::unusable;
    reading.retry_after = reply.retry_after;
    reading.problem = "HTTP " + std::to_string(reply.status);
    return reading;
  }
  const auto errors = parse_errors(reply.body);
  if (errors.empty()) return std::nullopt;
  for (const auto& error : errors) reading.problem += (reading.problem.empty() ? "" : "; ") + error;
  if (mentions(errors, "Unknown asset pair")) {
    reading.status = rest_status::unknown_symbol;
  } else if (mentions(errors, "Too many requests") || mentions(errors, "Rate limit exceeded") ||
             mentions(errors, "Throttled")) {
    reading.status = rest_status::rate_limited;
  } else {
    reading.status = rest_status::unusable;
  }
  return reading;
}

}  // namespace

stream_rules kraken_protocol::stream() const {
  stream_rules rules;
  rules.symbols_per_message = 50;
  rules.max_symbols = 1024;
  // Kraken's message limit depends on its load; 4 a second stays well under it.
  rules.message_spacing = std::chrono::milliseconds(250);
  rules.silence_timeout = heartbeat_timeout_;
  return rules;
}

rest_rules kraken_protocol::rest() const {
  rest_rules rules;
  // Public endpoints: about one request a second per IP.
  rules.request_spacing = std::chrono::milliseconds(1000);
  rules.candle_length = std::chrono::minutes(1);
  rules.max_candles = max_candles;
  rules.default_retry_after = std::chrono::seconds(10);
  return rules;
}

std::string kraken_protocol::connect_target(std::span<const std::string>) const { return ""; }

std::string kraken_protocol::subscription_message(std::span<const std::string> symbols, subscription_change change,
                                                  std::int64_t id) const {
  return kraken::subscription_message(symbols, change, id);
}

stream_message kraken_protocol::read(std::string_view frame) {
  auto message = parse_ws_message(frame);
  stream_message out;
  switch (message.kind) {
    case message_kind::trades:
      for (const auto& trade : message.trades) {
        auto verdict = trades_.trade(trade.symbol, trade.trade_id, trade.trade_id, trade.time);
        if (verdict.late) {
          out.note = "dropped a repeated trade of " + trade.symbol + " (trade_id " + std::to_string(trade.trade_id) + ")";
          continue;
        }
        if (verdict.missed) out.missed.push_back(std::move(*verdict.missed));
        out.trades.push_back(price_tick{trade.symbol, trade.value, trade.time});
      }
      break;
    case message_kind::snapshot:
      // Past trades: they only tell where the count of trade ids stands.
      for (const auto& trade : message.trades) trades_.start_at(trade.symbol, trade.trade_id, trade.trade_id, trade.time);
      out.note = "a snapshot of " + std::to_string(message.trades.size()) + " past trades, not reported";
      break;
    case message_kind::heartbeat:
      out.heartbeat = true;
      break;
    case message_kind::status:
      out.level = message.system == "online" ? note_level::info : note_level::warning;
      out.note = message.system == "online"
                     ? message.text
                     : message.text + ": Kraken's engine matches no trades until it is online again";
      break;
    case message_kind::acknowledgement:
      out.note = std::move(message.text);
      break;
    case message_kind::refusal:
      out.level = note_level::warning;
      out.note = std::move(message.text);
      out.refused_symbols.push_back(*message.refused_symbol);
      break;
    case message_kind::error:
      out.level = note_level::warning;
      out.note = "error: " + message.text;
      break;
    case message_kind::bad_trade:
    case message_kind::malformed:
      out.unreadable = true;
      out.note = std::move(message.text);
      break;
    case message_kind::other:
      break;
  }
  return out;
}

std::string kraken_protocol::rest_name(const std::string& symbol) const {
  if (const auto known = rest_names_.find(symbol); known != rest_names_.end()) return known->second;
  std::string name = symbol;
  std::erase(name, '/');
  return name;
}

void kraken_protocol::learn(const std::vector<instrument>& instruments) {
  rest_names_.clear();
  for (const auto& item : instruments) rest_names_[item.symbol] = item.rest_name;
}

std::vector<ticker_request> kraken_protocol::ticker_requests(std::span<const std::string> symbols) const {
  std::vector<ticker_request> requests;
  for (std::size_t first = 0; first < symbols.size(); first += pairs_per_ticker) {
    const auto chunk = symbols.subspan(first, std::min(pairs_per_ticker, symbols.size() - first));
    std::vector<std::string> names;
    for (const auto& symbol : chunk) names.push_back(rest_name(symbol));
    requests.push_back(ticker_request{ticker_target(names), std::vector<std::string>(chunk.begin(), chunk.end())});
  }
  return requests;
}

rest_reading<std::vector<quoted_price>> kraken_protocol::read_tickers(const http_reply& reply,
                                                                      std::span<const std::string> asked) const {
  if (auto failed = failure_of<std::vector<quoted_price>>(reply)) return std::move(*failed);
  auto prices = parse_tickers(reply.body);
  if (!prices) return reading_of<std::vector<quoted_price>>(prices.error());
  rest_reading<std::vector<quoted_price>> reading;
  for (auto& entry : *prices) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in the lambda below.
    const auto& name = entry.first;
    const auto& value = entry.second;
    // assetVersion=1 names a pair by its v2 symbol; its REST name is understood too.
    const auto symbol = std::ranges::find_if(asked, [&](const std::string& item) { return item == name || rest_name(item) == name; });
    if (symbol != asked.end()) reading.value.push_back(quoted_price{*symbol, value, std::nullopt});
  }
  return reading;
}

std::string kraken_protocol::candles_target(const std::string& symbol, time_point from, time_point) const {
  // Kraken takes no end: it answers up to now. `since` a second early keeps from's candle in.
  return ohlc_target(rest_name(symbol), from - std::chrono::seconds(1));
}

rest_reading<std::vector<candle>> kraken_protocol::read_candles(const http_reply& reply) const {
  if (auto failed = failure_of<std::vector<candle>>(reply)) return std::move(*failed);
  return reading_of(parse_ohlc(reply.body));
}

std::string kraken_protocol::instruments_target() const { return asset_pairs_target(); }

rest_reading<std::vector<instrument>> kraken_protocol::read_instruments(const http_reply& reply) const {
  if (auto failed = failure_of<std::vector<instrument>>(reply)) return std::move(*failed);
  return reading_of(parse_asset_pairs(reply.body));
}

}  // namespace pricewatch::kraken
