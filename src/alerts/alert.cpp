#include "alerts/alert.hpp"
#include "alerts/notification.hpp"

#include <array>

namespace pricewatch {

namespace {

constexpr std::array<std::string_view, 7> condition_names{"above",         "below",     "crossing_up", "crossing_down",
                                                          "crossing",      "moving_up", "moving_down"};
constexpr std::array<std::string_view, 5> status_names{"created", "paused", "triggered", "expired", "deleted"};
constexpr std::array<std::string_view, move_window_count> window_names{"1m", "5m", "15m", "1h", "4h", "24h"};
constexpr std::array<std::chrono::seconds, move_window_count> window_lengths{
    std::chrono::minutes(1), std::chrono::minutes(5), std::chrono::minutes(15),
    std::chrono::hours(1),   std::chrono::hours(4),   std::chrono::hours(24)};
constexpr std::array<std::chrono::seconds, move_window_count> window_grains{
    std::chrono::seconds(1), std::chrono::seconds(1),  std::chrono::seconds(1),
    std::chrono::seconds(5), std::chrono::seconds(10), std::chrono::seconds(60)};

template <class Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(alert_condition condition) { return condition_names.at(static_cast<std::size_t>(condition)); }

std::string_view to_string(alert_frequency frequency) {
  return frequency == alert_frequency::once ? "once" : "every_time";
}

std::string_view to_string(move_window window) { return window_names.at(static_cast<std::size_t>(window)); }

std::chrono::seconds window_length(move_window window) { return window_lengths.at(static_cast<std::size_t>(window)); }

std::chrono::seconds window_grain(move_window window) { return window_grains.at(static_cast<std::size_t>(window)); }

std::optional<alert_frequency> parse_frequency(std::string_view text) {
  if (text == "once") return alert_frequency::once;
  if (text == "every_time") return alert_frequency::every_time;
  return std::nullopt;
}

std::optional<move_window> parse_window(std::string_view text) { return parse_name<move_window>(window_names, text); }

bool is_moving(alert_condition condition) {
  return condition == alert_condition::moving_up || condition == alert_condition::moving_down;
}

std::string_view to_string(alert_status status) { return status_names.at(static_cast<std::size_t>(status)); }

bool is_open(alert_status status) { return status == alert_status::created || status == alert_status::paused; }

std::string percent_text(std::int32_t percent_bp) {
  return price::from_units(std::int64_t{percent_bp} * (price::units_per_whole / 100)).to_string();
}

alert_request level_request(std::string symbol, alert_condition condition, price target) {
  alert_request request;
  request.symbol = std::move(symbol);
  request.condition = condition;
  request.target = target;
  return request;
}

alert_request request_of(const alert& item) {
  return alert_request{item.exchange,  item.symbol,   item.condition,  item.target, item.percent_bp, item.window,
                       item.frequency, item.cooldown, item.expires_at, item.note,   item.channels};
}

void apply_request(alert& item, const alert_request& request) {
  item.exchange = request.exchange;
  item.symbol = request.symbol;
  item.condition = request.condition;
  item.target = request.target;
  item.percent_bp = request.percent_bp;
  item.window = request.window;
  item.frequency = request.frequency;
  item.cooldown = request.cooldown;
  item.expires_at = request.expires_at;
  item.note = request.note;
  item.channels = request.channels;
}

std::optional<alert_condition> parse_condition(std::string_view text) {
  return parse_name<alert_condition>(condition_names, text);
}

std::optional<alert_status> parse_status(std::string_view text) { return parse_name<alert_status>(status_names, text); }

std::string_view to_string(notification_status status) {
  switch (status) {
    case notification_status::pending: return "pending";
    case notification_status::sent: return "sent";
    case notification_status::saved: return "saved";
    case notification_status::failed: return "failed";
  }
  return "pending";
}

std::optional<notification_status> parse_notification_status(std::string_view text) {
  if (text == "pending") return notification_status::pending;
  if (text == "sent") return notification_status::sent;
  if (text == "saved") return notification_status::saved;
  if (text == "failed") return notification_status::failed;
  return std::nullopt;
}

}  // namespace pricewatch
