#include "alerts/alert.hpp"
#include "alerts/notification.hpp"

namespace pricewatch {

std::string_view to_string(alert_condition condition) {
  return condition == alert_condition::above ? "above" : "below";
}

std::string_view to_string(alert_status status) {
  switch (status) {
    case alert_status::created: return "created";
    case alert_status::triggered: return "triggered";
    case alert_status::deleted: return "deleted";
  }
  return "created";
}

std::optional<alert_condition> parse_condition(std::string_view text) {
  if (text == "above") return alert_condition::above;
  if (text == "below") return alert_condition::below;
  return std::nullopt;
}

std::optional<alert_status> parse_status(std::string_view text) {
  if (text == "created") return alert_status::created;
  if (text == "triggered") return alert_status::triggered;
  if (text == "deleted") return alert_status::deleted;
  return std::nullopt;
}

std::string_view to_string(notification_status status) {
  switch (status) {
    case notification_status::pending: return "pending";
    case notification_status::sent: return "sent";
    case notification_status::failed: return "failed";
  }
  return "pending";
}

std::optional<notification_status> parse_notification_status(std::string_view text) {
  if (text == "pending") return notification_status::pending;
  if (text == "sent") return notification_status::sent;
  if (text == "failed") return notification_status::failed;
  return std::nullopt;
}

}  // namespace pricewatch
