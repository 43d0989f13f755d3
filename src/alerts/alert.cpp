#include "alerts/alert.hpp"

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

}  // namespace pricewatch
