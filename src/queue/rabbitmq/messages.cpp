#include "queue/rabbitmq/messages.hpp"

#include "core/time_format.hpp"

#include <boost/json.hpp>

namespace pricewatch::queue {
namespace json = boost::json;
namespace {

constexpr std::string_view kind_names[] = {"created", "deleted", "fired", "updated", "expired"};

std::optional<std::int64_t> integer_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || !value->is_int64()) return std::nullopt;
  return value->as_int64();
}

std::optional<std::string> string_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string(value->as_string());
}

// A message from a process that predates exchanges names none: Binance's. One that names an
// exchange this process does not know, or names it other than as a string, is dropped, never
// taken for Binance's.
std::optional<exchange_id> exchange_at(const json::object& object) {
  const auto* value = object.if_contains("exchange");
  if (value == nullptr) return exchange_id::binance;
  if (!value->is_string()) return std::nullopt;
  return exchange_named(value->as_string());
}

std::optional<json::object> parse_object(const std::string& body) {
  boost::system::error_code error;
  auto value = json::parse(body, error);
  if (error || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

}  // namespace

std::string encode_job(const job& item) {
  return json::serialize(json::object{{"notification_id", item.notification_id}, {"attempts", item.attempts}});
}

std::optional<job> decode_job(const std::string& body) {
  const auto object = parse_object(body);
  if (!object) return std::nullopt;
  const auto id = integer_at(*object, "notification_id");
  const auto attempts = integer_at(*object, "attempts");
  if (!id || !attempts || *id <= 0 || *attempts < 0) return std::nullopt;
  return job{*id, *attempts};
}

// Prices travel as integer units and times as Unix milliseconds: exact, and no parsing rules to share.
std::string encode_alert_message(const alert_message& message) {
  const auto& changed = message.event.changed;
  json::object object{{"kind", kind_names[static_cast<int>(message.event.kind)]},
                      {"origin", message.origin},
                      {"id", changed.id},
                      {"user_id", changed.user_id},
                      {"exchange", exchange_name(changed.exchange)},
                      {"symbol", changed.symbol},
                      {"condition", to_string(changed.condition)},
                      {"target_units", changed.target.units()},
                      {"status", to_string(changed.status)},
                      {"created_at", to_unix_millis(changed.created_at)}};
  if (changed.triggered_at) object["triggered_at"] = to_unix_millis(*changed.triggered_at);
  if (changed.triggered_price) object["triggered_units"] = changed.triggered_price->units();
  // What an engine elsewhere needs to watch it (alerts v2), and its owner's streams to show it.
  object["percent_bp"] = changed.percent_bp;
  object["window"] = to_string(changed.window);
  object["frequency"] = to_string(changed.frequency);
  object["cooldown_seconds"] = changed.cooldown.count();
  object["note"] = changed.note;
  object["fire_count"] = changed.fire_count;
  if (changed.expires_at) object["expires_at"] = to_unix_millis(*changed.expires_at);
  if (changed.last_fired_at) object["last_fired_at"] = to_unix_millis(*changed.last_fired_at);
  if (changed.last_fired_price) object["last_fired_units"] = changed.last_fired_price->units();
  if (!message.event.previous_symbol.empty()) object["previous_symbol"] = message.event.previous_symbol;
  return json::serialize(object);
}

std::string encode_price_message(const price_message& message) {
  const auto& update = message.update;
  return json::serialize(json::object{{"kind", "price"},
                                      {"origin", message.origin},
                                      {"exchange", exchange_name(update.exchange)},
                                      {"symbol", update.symbol},
                                      {"price_units", update.value.units()},
                                      {"trade_time", to_unix_millis(update.trade_time)}});
}

namespace {

std::optional<price_message> decode_price_message(const json::object& object) {
  const auto origin = string_at(object, "origin");
  const auto symbol = string_at(object, "symbol");
  const auto units = integer_at(object, "price_units");
  const auto trade_time = integer_at(object, "trade_time");
  const auto exchange = exchange_at(object);
  if (!origin || !symbol || !units || !trade_time || *units <= 0 || !exchange) return std::nullopt;
  return price_message{*origin,
                       price_update{*symbol, price::from_units(*units), from_unix_millis(*trade_time), *exchange}};
}

std::optional<alert_message> decode_alert_message(const json::object& object);

}  // namespace

std::optional<std::variant<alert_message, price_message>> decode_event(const std::string& body) {
  const auto object = parse_object(body);
  if (!object) return std::nullopt;
  if (string_at(*object, "kind") == "price") {
    if (auto update = decode_price_message(*object)) return *update;
    return std::nullopt;
  }
  if (auto event = decode_alert_message(*object)) return *event;
  return std::nullopt;
}

namespace {

std::optional<alert_message> decode_alert_message(const json::object& fields) {
  const auto* object = &fields;
  alert_message message;
  auto& event = message.event;
  const auto kind = string_at(*object, "kind");
  const auto origin = string_at(*object, "origin");
  const auto id = integer_at(*object, "id");
  const auto user_id = integer_at(*object, "user_id");
  const auto symbol = string_at(*object, "symbol");
  const auto condition = string_at(*object, "condition");
  const auto target = integer_at(*object, "target_units");
  const auto status = string_at(*object, "status");
  const auto created_at = integer_at(*object, "created_at");
  const auto exchange = exchange_at(*object);
  if (!kind || !origin || !id || !user_id || !symbol || !condition || !target || !status || !created_at || !exchange) {
    return std::nullopt;
  }
  const auto* named = std::find(std::begin(kind_names), std::end(kind_names), *kind);
  const auto parsed_condition = parse_condition(*condition);
  const auto parsed_status = parse_status(*status);
  if (named == std::end(kind_names) || !parsed_condition || !parsed_status || *target < 0 ||
      (*target == 0 && !is_moving(*parsed_condition))) {
    return std::nullopt;
  }
  event.kind = static_cast<alert_event_kind>(named - std::begin(kind_names));
  message.origin = *origin;
  auto& changed = event.changed;
  changed.id = *id;
  changed.user_id = *user_id;
  changed.exchange = *exchange;
  changed.symbol = *symbol;
  changed.condition = *parsed_condition;
  changed.target = price::from_units(*target);
  changed.status = *parsed_status;
  changed.created_at = from_unix_millis(*created_at);
  if (const auto at = integer_at(*object, "triggered_at")) changed.triggered_at = from_unix_millis(*at);
  if (const auto units = integer_at(*object, "triggered_units")) changed.triggered_price = price::from_units(*units);
  // A message from a process that predates alerts v2 has none of these: the defaults are its alerts'.
  if (const auto percent = integer_at(*object, "percent_bp"); percent && *percent >= 0 && *percent <= 100'000) {
    changed.percent_bp = static_cast<std::int32_t>(*percent);
  }
  if (const auto window = parse_window(string_at(*object, "window").value_or(""))) changed.window = *window;
  if (const auto frequency = parse_frequency(string_at(*object, "frequency").value_or(""))) changed.frequency = *frequency;
  if (const auto cooldown = integer_at(*object, "cooldown_seconds"); cooldown && *cooldown >= 0) {
    changed.cooldown = std::chrono::seconds(*cooldown);
  }
  if (auto note = string_at(*object, "note")) changed.note = std::move(*note);
  if (const auto count = integer_at(*object, "fire_count"); count && *count >= 0) changed.fire_count = *count;
  if (const auto at = integer_at(*object, "expires_at")) changed.expires_at = from_unix_millis(*at);
  if (const auto at = integer_at(*object, "last_fired_at")) changed.last_fired_at = from_unix_millis(*at);
  if (const auto units = integer_at(*object, "last_fired_units")) changed.last_fired_price = price::from_units(*units);
  if (auto previous = string_at(*object, "previous_symbol")) event.previous_symbol = std::move(*previous);
  return message;
}

}  // namespace

}  // namespace pricewatch::queue
