#include "api/alert_json.hpp"

#include "api/query_parameters.hpp"
#include "core/time_format.hpp"

namespace pricewatch::api {

boost::json::object original_alert_json(const alert& item) {
  return {{"id", item.id}, {"email", item.owner_email}, {"price", item.target.to_string(2)}, {"status", to_string(item.status)}};
}

namespace {

boost::json::value time_or_null(const std::optional<time_point>& when) {
  return when ? boost::json::value(format_rfc3339(*when)) : boost::json::value(nullptr);
}

boost::json::value price_or_null(const std::optional<price>& value) {
  return value ? boost::json::value(value->to_string()) : boost::json::value(nullptr);
}

// A level's target, or a move's percent and window: the other kind's are null.
void add_condition_fields(boost::json::object& object, alert_condition condition, price target,
                          std::int32_t percent_bp, move_window window) {
  const bool moving = is_moving(condition);
  object["price"] = moving ? boost::json::value(nullptr) : boost::json::value(target.to_string());
  object["percent"] = moving ? boost::json::value(percent_text(percent_bp)) : boost::json::value(nullptr);
  object["window"] = moving ? boost::json::value(to_string(window)) : boost::json::value(nullptr);
}

}  // namespace

boost::json::object v1_alert_json(const alert& item) {
  boost::json::object object{{"id", item.id},
                             {"exchange", exchange_name(item.exchange)},
                             {"symbol", item.symbol},
                             {"condition", to_string(item.condition)}};
  add_condition_fields(object, item.condition, item.target, item.percent_bp, item.window);
  object["frequency"] = to_string(item.frequency);
  object["cooldown_seconds"] = item.cooldown.count();
  object["expires_at"] = time_or_null(item.expires_at);
  object["note"] = item.note;
  object["status"] = to_string(item.status);
  object["created_at"] = format_rfc3339(item.created_at);
  object["triggered_at"] = time_or_null(item.triggered_at);
  object["triggered_price"] = price_or_null(item.triggered_price);
  object["fire_count"] = item.fire_count;
  object["last_fired_at"] = time_or_null(item.last_fired_at);
  object["last_fired_price"] = price_or_null(item.last_fired_price);
  boost::json::array channels;
  for (const auto id : item.channels) channels.push_back(id);
  object["channels"] = std::move(channels);
  object["notification"] = item.delivery ? boost::json::value(delivery_json(*item.delivery, false))
                                         : boost::json::value(nullptr);
  return object;
}

boost::json::object delivery_json(const delivery_state& delivery, bool with_channel) {
  boost::json::object object;
  if (with_channel) {
    object["channel_id"] = delivery.channel_id ? boost::json::value(*delivery.channel_id) : boost::json::value(nullptr);
    object["type"] = delivery.type;
  }
  object["status"] = delivery.status;
  object["attempts"] = delivery.attempts;
  object["last_error"] = delivery.last_error ? boost::json::value(*delivery.last_error) : boost::json::value(nullptr);
  if (with_channel) object["sent_at"] = time_or_null(delivery.sent_at);
  return object;
}

boost::json::object firing_json(const firing_record& item) {
  boost::json::object object{{"id", item.id},
                             {"alert_id", item.alert_id},
                             {"exchange", exchange_name(item.exchange)},
                             {"symbol", item.symbol},
                             {"condition", to_string(item.condition)}};
  const bool moving = is_moving(item.condition);
  object["target"] = moving ? boost::json::value(nullptr) : boost::json::value(item.target.to_string());
  object["percent"] = moving ? boost::json::value(percent_text(item.percent_bp)) : boost::json::value(nullptr);
  object["price"] = item.fired_price.to_string();
  object["fired_at"] = format_rfc3339(item.fired_at);
  boost::json::array deliveries;
  for (const auto& delivery : item.deliveries) deliveries.push_back(delivery_json(delivery, true));
  object["deliveries"] = std::move(deliveries);
  return object;
}

boost::json::object page_json(const http::request& request, const page_request& page, std::int64_t count,
                              boost::json::array results) {
  boost::json::object object;
  object["count"] = count;
  object["next"] = has_next_page(page, count) ? boost::json::value(page_link(request, page.number + 1)) : nullptr;
  object["previous"] = page.number > 1 ? boost::json::value(page_link(request, page.number - 1)) : nullptr;
  object["page_size"] = page.size;
  object["results"] = std::move(results);
  return object;
}

}  // namespace pricewatch::api
