#include "feed/kraken/kraken_messages.hpp"

#include "core/time_format.hpp"
#include "feed/json_fields.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace pricewatch::kraken {

using json_fields::integer_at;
using json_fields::string_at;

namespace {

constexpr std::size_t max_symbol_length = 30;
constexpr std::string_view not_supported = "Currency pair not supported";

ws_message malformed(std::string why) { return ws_message{message_kind::malformed, {}, {}, {}, std::move(why)}; }

bool valid_symbol(std::string_view symbol) { return !symbol.empty() && symbol.size() <= max_symbol_length; }

ws_message read_trades(const boost::json::object& object, message_kind kind) {
  ws_message message;
  message.kind = kind;
  const auto* data = json_fields::array_at(object, "data");
  if (data == nullptr) return malformed("a trade message without a data array");
  for (const auto& item : *data) {
    const auto* fields = item.if_object();
    const auto symbol = fields ? string_at(*fields, "symbol") : std::nullopt;
    const auto* price_value = fields ? fields->if_contains("price") : nullptr;
    const auto trade_id = fields ? integer_at(*fields, "trade_id") : std::nullopt;
    const auto time_text = fields ? string_at(*fields, "timestamp") : std::nullopt;
    const auto time = time_text ? parse_rfc3339(*time_text) : std::nullopt;
    if (!symbol || !valid_symbol(*symbol) || price_value == nullptr || !trade_id || !time) {
      return ws_message{message_kind::bad_trade, {}, {}, {}, "trade without a valid symbol, price, trade_id or timestamp"};
    }
    auto value = json_fields::price_from_number(*price_value);
    if (!value) {
      return ws_message{message_kind::bad_trade, {}, {}, {}, "trade price of " + std::string(*symbol) + ": " + value.error().message};
    }
    message.trades.push_back(trade{std::string(*symbol), *value, *time, *trade_id});
  }
  return message;
}

ws_message read_status(const boost::json::object& object) {
  const auto* data = json_fields::array_at(object, "data");
  const auto* first = data && !data->empty() ? data->front().if_object() : nullptr;
  const auto system = first ? string_at(*first, "system") : std::nullopt;
  if (!system) return malformed("a status without data[0].system");
  ws_message message{message_kind::status, {}, std::string(*system), {}, {}};
  message.text = "status " + json_fields::excerpt(*system, 40);
  if (const auto version = string_at(*first, "api_version")) message.text += " (" + json_fields::excerpt(*version, 20) + ")";
  return message;
}

// A method's answer: {"method":"subscribe","result":{...},"success":true,...} or, failed,
// {"method":"subscribe","error":"Currency pair not supported BTC/FOO","success":false,"symbol":"BTC/FOO",...}.
ws_message read_answer(const boost::json::object& object, std::string_view method) {
  const auto* success = object.if_contains("success");
  const bool succeeded = success == nullptr ? method == "pong" : success->is_bool() && success->get_bool();
  if (succeeded) {
    const auto* result = object.if_contains("result");
    return ws_message{message_kind::acknowledgement, {}, {}, {},
                      std::string(method) + (result ? " " + json_fields::excerpt(boost::json::serialize(*result)) : "")};
  }
  const auto error = string_at(object, "error").value_or("(no error text)");
  ws_message message{message_kind::error, {}, {}, {}, std::string(method) + " failed: " + json_fields::excerpt(error)};
  if (method == "subscribe" && error.starts_with(not_supported)) {
    auto symbol = string_at(object, "symbol");
    if (!symbol) {
      const auto* result = json_fields::object_at(object, "result");
      symbol = result ? string_at(*result, "symbol") : std::nullopt;
    }
    std::string named = symbol ? std::string(*symbol) : std::string(error.substr(std::min(error.size(), not_supported.size())));
    named.erase(0, std::min(named.find_first_not_of(' '), named.size()));
    if (valid_symbol(named)) {
      message.kind = message_kind::refusal;
      message.refused_symbol = std::move(named);
    }
  }
  return message;
}

template <class T>
result<T> unreadable(std::string why) {
  return make_failure(errc::validation_failed, std::move(why));
}

// The "result" object of an answer whose error list is empty.
result<const boost::json::object*> result_of(const std::optional<boost::json::value>& document) {
  if (!document || !document->is_object()) return unreadable<const boost::json::object*>("not a JSON object");
  const auto* errors = json_fields::array_at(document->as_object(), "error");
  if (errors != nullptr && !errors->empty()) return unreadable<const boost::json::object*>("the answer lists errors");
  const auto* found = json_fields::object_at(document->as_object(), "result");
  if (found == nullptr) return unreadable<const boost::json::object*>("no result object");
  return found;
}

}  // namespace

ws_message parse_ws_message(std::string_view text) {
  const auto document = json_fields::parse_exact(text);
  if (!document || !document->is_object()) return malformed("not a JSON object");
  const auto& object = document->as_object();
  if (const auto channel = string_at(object, "channel")) {
    if (*channel == "heartbeat") return ws_message{message_kind::heartbeat, {}, {}, {}, {}};
    if (*channel == "status") return read_status(object);
    if (*channel == "trade") {
      const auto type = string_at(object, "type");
      if (type == "update") return read_trades(object, message_kind::trades);
      if (type == "snapshot") return read_trades(object, message_kind::snapshot);
      return malformed("a trade message that is neither a snapshot nor an update");
    }
    return ws_message{message_kind::other, {}, {}, {}, {}};
  }
  if (const auto method = string_at(object, "method")) return read_answer(object, *method);
  if (const auto error = string_at(object, "error")) {
    return ws_message{message_kind::error, {}, {}, {}, json_fields::excerpt(*error)};
  }
  return malformed("a message with neither a channel nor a method");
}

std::string subscription_message(std::span<const std::string> symbols, subscription_change change, std::int64_t id) {
  boost::json::array list;
  for (const auto& symbol : symbols) list.emplace_back(symbol);
  boost::json::object params{{"channel", "trade"}, {"symbol", std::move(list)}};
  if (change == subscription_change::subscribe) params["snapshot"] = false;
  return boost::json::serialize(boost::json::object{
      {"method", change == subscription_change::subscribe ? "subscribe" : "unsubscribe"},
      {"params", std::move(params)},
      {"req_id", id}});
}

std::vector<std::string> parse_errors(std::string_view body) {
  const auto document = json_fields::parse(body);
  const auto* errors = document && document->is_object() ? json_fields::array_at(document->as_object(), "error") : nullptr;
  std::vector<std::string> listed;
  if (errors == nullptr) return listed;
  for (const auto& error : *errors) {
    if (error.is_string()) listed.push_back(json_fields::excerpt(error.get_string()));
  }
  return listed;
}

result<std::vector<std::pair<std::string, price>>> parse_tickers(std::string_view body) {
  const auto document = json_fields::parse(body);
  const auto found = result_of(document);
  if (!found) return found.error();
  std::vector<std::pair<std::string, price>> prices;
  for (const auto& [name, info] : **found) {
    const auto* fields = info.if_object();
    const auto* last = fields ? json_fields::array_at(*fields, "c") : nullptr;
    if (last == nullptr || last->empty()) return unreadable<std::vector<std::pair<std::string, price>>>("a ticker without c");
    auto value = json_fields::price_from_string(last->front());
    if (!value) return value.error();
    prices.emplace_back(std::string(name), *value);
  }
  return prices;
}

result<std::vector<candle>> parse_ohlc(std::string_view body) {
  const auto document = json_fields::parse(body);
  const auto found = result_of(document);
  if (!found) return found.error();
  // The pair's rows are the one array member; "last" is the next `since`.
  const boost::json::array* rows = nullptr;
  for (const auto& [name, value] : **found) {
    if (value.is_array()) rows = &value.get_array();
  }
  if (rows == nullptr) return unreadable<std::vector<candle>>("OHLC without rows");
  std::vector<candle> candles;
  for (const auto& row : *rows) {
    const auto* fields = row.if_array();
    const auto time = fields && fields->size() >= 5 ? json_fields::integer_of((*fields)[0]) : std::nullopt;
    if (!time) return unreadable<std::vector<candle>>("an OHLC row is not [time, open, high, low, close, ...]");
    auto high = json_fields::price_from_string((*fields)[2]);
    auto low = json_fields::price_from_string((*fields)[3]);
    if (!high || !low) return unreadable<std::vector<candle>>("an OHLC row's high or low is not a price");
    const auto open = from_unix_seconds(*time);
    if (!open) return unreadable<std::vector<candle>>("an OHLC row's time is out of range");
    candles.push_back(candle{*open, *low, *high});
  }
  std::ranges::sort(candles, {}, &candle::open);
  return candles;
}

result<std::vector<instrument>> parse_asset_pairs(std::string_view body) {
  const auto document = json_fields::parse(body);
  const auto found = result_of(document);
  if (!found) return found.error();
  std::vector<instrument> pairs;
  for (const auto& [key, info] : **found) {
    const auto* fields = info.if_object();
    if (fields == nullptr) return unreadable<std::vector<instrument>>("an asset pair is not an object");
    const auto wsname = string_at(*fields, "wsname");
    const auto altname = string_at(*fields, "altname");
    const std::string_view name(key);
    const auto symbol = name.find('/') != std::string_view::npos ? std::optional<std::string_view>(name) : wsname;
    // Pairs that no stream carries (dark pools, ".d" pairs) have no wsname and no slash: skipped.
    if (!symbol || !valid_symbol(*symbol)) continue;
    pairs.push_back(instrument{std::string(*symbol), std::string(altname.value_or(name))});
  }
  return pairs;
}

}  // namespace pricewatch::kraken
