#include "api/stream_events.hpp"

#include "api/alert_json.hpp"
#include "core/time_format.hpp"

#include <boost/json/serialize.hpp>

namespace pricewatch::api {

stream_event price_event(const std::string& symbol, price value, time_point trade_time, exchange_id exchange) {
  return {"price", boost::json::serialize(boost::json::object{{"exchange", exchange_name(exchange)},
                                                              {"symbol", symbol},
                                                              {"price", value.to_string()},
                                                              {"trade_time", format_rfc3339(trade_time)}})};
}

std::string price_topic(exchange_id exchange, const std::string& symbol) {
  if (exchange == exchange_id::binance) return event_hub::price_topic(symbol);
  return event_hub::price_topic(std::string(exchange_name(exchange)) + ":" + symbol);
}

stream_event alert_change_event(std::string_view type, const alert& changed) {
  return {"alert", boost::json::serialize(boost::json::object{{"type", type}, {"alert", v1_alert_json(changed)}})};
}

std::optional<stream_event> session_end_event(std::int64_t now_seconds, std::int64_t token_expires_at,
                                              const std::function<bool()>& account_exists) {
  const auto ended = [](std::string_view reason, std::string_view message) {
    return stream_event{"session_ended",
                        boost::json::serialize(boost::json::object{{"reason", reason}, {"message", message}})};
  };
  if (now_seconds >= token_expires_at) {
    return ended("token_expired", "The token has expired: connect again with a fresh one.");
  }
  if (!account_exists()) return ended("account_gone", "The account no longer exists.");
  return std::nullopt;
}

void publish_price(event_hub& events, const price_update& update) {
  const auto topic = price_topic(update.exchange, update.symbol);
  if (events.has_subscribers(topic)) {
    events.publish(topic, price_event(update.symbol, update.value, update.trade_time, update.exchange));
  }
}

void publish_to_owner(event_hub& events, std::string_view type, const alert& changed) {
  const auto topic = event_hub::user_topic(changed.user_id);
  if (events.has_subscribers(topic)) events.publish(topic, alert_change_event(type, changed));
}

std::string_view stream_type(const alert_event& event) {
  switch (event.kind) {
    case alert_event_kind::created: return "created";
    case alert_event_kind::deleted: return "deleted";
    // A once alert's firing made it triggered; a recurring one fired and stays active.
    case alert_event_kind::fired: return event.changed.status == alert_status::triggered ? "triggered" : "fired";
    case alert_event_kind::updated: return "updated";
    case alert_event_kind::expired: return "expired";
  }
  return "updated";
}

void publish_to_owner(event_hub& events, const alert_event& event) {
  publish_to_owner(events, stream_type(event), event.changed);
}

}  // namespace pricewatch::api
