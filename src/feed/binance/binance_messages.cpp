#include "feed/binance/binance_messages.hpp"

#include "core/ascii.hpp"
#include "core/time_format.hpp"
#include "feed/json_fields.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>

namespace pricewatch::binance {

using json_fields::integer_at;
using json_fields::string_at;

namespace {

stream_event trade_event(const boost::json::object& data) {
  stream_event event;
  event.kind = event_kind::bad_trade;
  const auto symbol = string_at(data, "s");
  const auto price_text = string_at(data, "p");
  const auto trade_time = integer_at(data, "T");
  if (!symbol || !price_text || !trade_time || symbol->empty() || symbol->size() > 20) {
    event.reason = "trade without a valid s, p or T";
    return event;
  }
  auto value = price::parse(*price_text);
  if (!value) {
    event.reason = "trade price \"" + std::string(price_text->substr(0, 40)) + "\": " + value.error().message;
    return event;
  }
  event.kind = event_kind::trade;
  event.tick = price_tick{std::string(*symbol), *value, from_unix_millis(*trade_time)};
  return event;
}

}  // namespace

stream_event parse_stream_message(std::string_view text) {
  auto document = json_fields::parse(text);
  if (!document || !document->is_object()) {
    return stream_event{event_kind::malformed, std::nullopt, "not a JSON object"};
  }
  const auto* object = &document->as_object();
  // Combined streams wrap each event: {"stream": name, "data": payload}.
  if (const auto* data = object->if_contains("data"); data != nullptr && object->contains("stream")) {
    if (!data->is_object()) return stream_event{event_kind::malformed, std::nullopt, "data is not an object"};
    object = &data->as_object();
  }
  if (object->contains("result") || (object->contains("id") && object->contains("error"))) {
    return stream_event{event_kind::control_reply, std::nullopt, boost::json::serialize(*object).substr(0, 200)};
  }
  const auto type = string_at(*object, "e");
  if (!type) return stream_event{event_kind::other, std::nullopt, {}};
  if (*type == "aggTrade" || *type == "trade") return trade_event(*object);
  if (*type == "serverShutdown") return stream_event{event_kind::server_shutdown, std::nullopt, {}};
  return stream_event{event_kind::other, std::nullopt, {}};
}

std::string trade_stream_name(std::string_view symbol) {
  return ascii_lower(symbol) + "@aggTrade";
}

result<std::vector<symbol_price>> parse_ticker_prices(std::string_view body) {
  auto document = json_fields::parse(body);
  if (!document) return make_failure(errc::validation_failed, "ticker is not JSON");
  boost::json::array single;
  const boost::json::array* items = nullptr;
  if (document->is_array()) {
    items = &document->as_array();
  } else if (document->is_object()) {
    single.push_back(*document);
    items = &single;
  } else {
    return make_failure(errc::validation_failed, "ticker is neither an object nor an array");
  }
  std::vector<symbol_price> prices;
  for (const auto& item : *items) {
    if (!item.is_object()) return make_failure(errc::validation_failed, "ticker entry is not an object");
    const auto symbol = string_at(item.as_object(), "symbol");
    const auto* value = item.as_object().if_contains("price");
    if (!symbol || value == nullptr) return make_failure(errc::validation_failed, "ticker entry lacks symbol or price");
    auto parsed = json_fields::price_from_string(*value);
    if (!parsed) return parsed.error();
    prices.push_back(symbol_price{std::string(*symbol), *parsed});
  }
  return prices;
}

result<std::vector<kline>> parse_klines(std::string_view body) {
  auto document = json_fields::parse(body);
  if (!document || !document->is_array()) return make_failure(errc::validation_failed, "klines are not an array");
  std::vector<kline> klines;
  for (const auto& row : document->as_array()) {
    if (!row.is_array() || row.as_array().size() < 5 || !row.as_array()[0].is_number()) {
      return make_failure(errc::validation_failed, "kline is not [openTime, open, high, low, ...]");
    }
    const auto& fields = row.as_array();
    auto high = json_fields::price_from_string(fields[2]);
    auto low = json_fields::price_from_string(fields[3]);
    if (!high || !low) return make_failure(errc::validation_failed, "kline high or low is not a price");
    boost::system::error_code error;
    const auto open_time = fields[0].to_number<std::int64_t>(error);
    if (error) return make_failure(errc::validation_failed, "kline open time is not an integer");
    klines.push_back(kline{open_time, *high, *low});
  }
  return klines;
}

std::optional<api_error> parse_api_error(std::string_view body) {
  auto document = json_fields::parse(body);
  if (!document || !document->is_object()) return std::nullopt;
  const auto code = integer_at(document->as_object(), "code");
  const auto message = string_at(document->as_object(), "msg");
  if (!code || !message) return std::nullopt;
  return api_error{*code, std::string(*message)};
}

std::string control_message(std::string_view method, const std::vector<std::string>& streams, std::int64_t id) {
  boost::json::array params;
  for (const auto& stream : streams) params.emplace_back(stream);
  return boost::json::serialize(boost::json::object{{"method", method}, {"params", std::move(params)}, {"id", id}});
}

}  // namespace pricewatch::binance

namespace pricewatch::binance {

result<std::vector<std::string>> parse_exchange_info(std::string_view body) {
  auto document = json_fields::parse(body);
  const auto* symbols = document && document->is_object() ? json_fields::array_at(document->as_object(), "symbols")
                                                          : nullptr;
  if (symbols == nullptr) return make_failure(errc::validation_failed, "exchangeInfo has no symbols array");
  std::vector<std::string> names;
  for (const auto& item : *symbols) {
    const auto name = item.is_object() ? string_at(item.as_object(), "symbol") : std::nullopt;
    if (!name || name->empty()) return make_failure(errc::validation_failed, "exchangeInfo lists a symbol without a name");
    names.emplace_back(*name);
  }
  return names;
}

}  // namespace pricewatch::binance

namespace pricewatch::binance {
namespace {

// "-95.960" -> "-95.96", "0.000" and "-0.000" -> "0", "007.50" -> "7.5": a signed decimal as
// exact text in its shortest form; nullopt for anything else (exponents, "+", spaces, "", "1.").
// At most 15 digits before the point and 8 after: a percent beyond that is not a ticker's.
std::optional<std::string> signed_decimal(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  const auto point = text.find('.');
  auto whole = text.substr(0, point);
  auto fraction = point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
  const auto digits = [](std::string_view part) {
    return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || whole.size() > 15 || !digits(whole) || !digits(fraction) || fraction.size() > 8 ||
      (point != std::string_view::npos && fraction.empty())) {
    return std::nullopt;
  }
  while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  std::string result(whole);
  if (!fraction.empty()) result += "." + std::string(fraction);
  if (negative && result != "0") result.insert(0, "-");
  return result;
}

}  // namespace

result<daily_ticker> parse_ticker_24h(std::string_view body) {
  auto document = json_fields::parse(body);
  if (!document || !document->is_object()) return make_failure(errc::validation_failed, "24hr ticker is not an object");
  const auto& object = document->as_object();
  const auto symbol = string_at(object, "symbol");
  const auto* last = object.if_contains("lastPrice");
  const auto percent = string_at(object, "priceChangePercent");
  const auto close_time = integer_at(object, "closeTime");
  if (!symbol || symbol->empty() || symbol->size() > 20 || last == nullptr || !percent || !close_time) {
    return make_failure(errc::validation_failed, "24hr ticker lacks symbol, lastPrice, priceChangePercent or closeTime");
  }
  auto value = json_fields::price_from_string(*last);
  if (!value) return value.error();
  auto change = signed_decimal(*percent);
  if (!change) {
    return make_failure(errc::validation_failed,
                        "24hr ticker priceChangePercent \"" + json_fields::excerpt(*percent, 40) + "\" is not a decimal");
  }
  return daily_ticker{std::string(*symbol), *value, std::move(*change), from_unix_millis(*close_time)};
}

}  // namespace pricewatch::binance
