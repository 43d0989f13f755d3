#include "feed/coinbase/coinbase_messages.hpp"

#include "core/time_format.hpp"
#include "feed/json_fields.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace pricewatch::coinbase {

using json_fields::integer_at;
using json_fields::string_at;

namespace {

constexpr std::size_t max_product_length = 30;
constexpr std::string_view not_a_product = " is not a valid product";

feed_message malformed(std::string why) { return feed_message{message_kind::malformed, {}, {}, {}, std::move(why)}; }

bool valid_product(std::string_view product) { return !product.empty() && product.size() <= max_product_length; }

feed_message read_match(const boost::json::object& object) {
  feed_message message;
  message.kind = message_kind::bad_match;
  const auto product = string_at(object, "product_id");
  const auto* price_value = object.if_contains("price");
  const auto time_text = string_at(object, "time");
  const auto trade_id = integer_at(object, "trade_id");
  const auto sequence = integer_at(object, "sequence");
  if (!product || !valid_product(*product) || price_value == nullptr || !time_text || !trade_id || !sequence) {
    message.text = "match without a valid product_id, price, time, trade_id or sequence";
    return message;
  }
  const auto time = parse_rfc3339(*time_text);
  if (!time) {
    message.text = "match time \"" + json_fields::excerpt(*time_text, 40) + "\" is not RFC 3339";
    return message;
  }
  auto value = json_fields::price_from_string(*price_value);
  if (!value) {
    message.text = "match price of " + std::string(*product) + ": " + value.error().message;
    return message;
  }
  message.kind = message_kind::match;
  message.trade = match{std::string(*product), *value, *time, *trade_id, *sequence};
  return message;
}

feed_message read_heartbeat(const boost::json::object& object) {
  const auto product = string_at(object, "product_id");
  const auto sequence = integer_at(object, "sequence");
  const auto last_trade_id = integer_at(object, "last_trade_id");
  const auto time_text = string_at(object, "time");
  const auto time = time_text ? parse_rfc3339(*time_text) : std::nullopt;
  if (!product || !valid_product(*product) || !sequence || !last_trade_id || !time) {
    return malformed("heartbeat without a valid product_id, sequence, last_trade_id or time");
  }
  feed_message message;
  message.kind = message_kind::heartbeat;
  message.beat = heartbeat{std::string(*product), *sequence, *last_trade_id, *time};
  return message;
}

feed_message read_error(const boost::json::object& object) {
  feed_message message;
  message.kind = message_kind::error;
  const auto text = string_at(object, "message").value_or("(no message)");
  const auto reason = string_at(object, "reason").value_or("");
  message.text = json_fields::excerpt(text) + (reason.empty() ? "" : ": " + json_fields::excerpt(reason));
  // "Failed to subscribe": "BTC-FOO is not a valid product".
  if (reason.ends_with(not_a_product)) {
    const auto product = reason.substr(0, reason.size() - not_a_product.size());
    if (valid_product(product)) message.refused_product = std::string(product);
  }
  return message;
}

}  // namespace

feed_message parse_feed_message(std::string_view text) {
  const auto document = json_fields::parse(text);
  if (!document || !document->is_object()) return malformed("not a JSON object");
  const auto& object = document->as_object();
  const auto type = string_at(object, "type");
  if (!type) return malformed("a message without a type");
  if (*type == "match" || *type == "last_match") return read_match(object);
  if (*type == "heartbeat") return read_heartbeat(object);
  if (*type == "error") return read_error(object);
  if (*type == "subscriptions") {
    const auto* channels = object.if_contains("channels");
    return feed_message{message_kind::subscriptions, {}, {}, {},
                        "subscribed: " + (channels ? json_fields::excerpt(boost::json::serialize(*channels)) : "nothing")};
  }
  return feed_message{message_kind::other, {}, {}, {}, {}};
}

std::string subscription_message(std::span<const std::string> products, subscription_change change) {
  boost::json::array ids;
  for (const auto& product : products) ids.emplace_back(product);
  return boost::json::serialize(boost::json::object{
      {"type", change == subscription_change::subscribe ? "subscribe" : "unsubscribe"},
      {"product_ids", std::move(ids)},
      {"channels", boost::json::array{"matches", "heartbeat"}}});
}

result<ticker> parse_ticker(std::string_view body) {
  const auto document = json_fields::parse(body);
  if (!document || !document->is_object()) return make_failure(errc::validation_failed, "ticker is not a JSON object");
  const auto& object = document->as_object();
  const auto* price_value = object.if_contains("price");
  const auto time_text = string_at(object, "time");
  const auto time = time_text ? parse_rfc3339(*time_text) : std::nullopt;
  if (price_value == nullptr || !time) return make_failure(errc::validation_failed, "ticker lacks a price or a time");
  auto value = json_fields::price_from_string(*price_value);
  if (!value) return value.error();
  return ticker{*value, *time};
}

result<std::vector<candle>> parse_candles(std::string_view body) {
  const auto document = json_fields::parse_exact(body);
  if (!document || !document->is_array()) return make_failure(errc::validation_failed, "candles are not an array");
  std::vector<candle> candles;
  for (const auto& row : document->as_array()) {
    const auto* fields = row.if_array();
    const auto time = fields && fields->size() >= 3 ? json_fields::integer_of((*fields)[0]) : std::nullopt;
    if (!time) return make_failure(errc::validation_failed, "candle is not [time, low, high, ...]");
    auto low = json_fields::price_from_number((*fields)[1]);
    auto high = json_fields::price_from_number((*fields)[2]);
    if (!low || !high) return make_failure(errc::validation_failed, "candle low or high is not a price");
    const auto open = from_unix_seconds(*time);
    if (!open) return make_failure(errc::validation_failed, "candle time out of range");
    candles.push_back(candle{*open, *low, *high});
  }
  std::ranges::sort(candles, {}, &candle::open);
  return candles;
}

result<std::vector<std::string>> parse_products(std::string_view body) {
  const auto document = json_fields::parse(body);
  if (!document || !document->is_array()) return make_failure(errc::validation_failed, "products are not an array");
  std::vector<std::string> ids;
  for (const auto& item : document->as_array()) {
    const auto id = item.is_object() ? string_at(item.as_object(), "id") : std::nullopt;
    if (!id || !valid_product(*id)) return make_failure(errc::validation_failed, "a product without a valid id");
    ids.emplace_back(*id);
  }
  return ids;
}

std::optional<std::string> parse_error(std::string_view body) {
  const auto document = json_fields::parse(body);
  if (!document || !document->is_object()) return std::nullopt;
  const auto text = string_at(document->as_object(), "message");
  if (!text) return std::nullopt;
  return std::string(*text);
}

}  // namespace pricewatch::coinbase
