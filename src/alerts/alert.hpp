// An alert: "tell me when SYMBOL goes above/below PRICE" (or crosses it, or moves by a percent
// within a window), and the words used for its fields (DESIGN.md sections 4 and 9).
#pragma once

#include "core/clock.hpp"
#include "core/price.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pricewatch {

// above/below: a level, holding while price >= / <= target. crossing_*: the price passing the
// target (from below to at or above it, from above to at or below it). moving_*: the price at
// least a percent above the window's lowest (below its highest).
enum class alert_condition : std::uint8_t { above, below, crossing_up, crossing_down, crossing, moving_up, moving_down };

// once: the first firing is final. every_time: fires again each time the condition begins to hold
// anew, no sooner than its cooldown after the last firing.
enum class alert_frequency : std::uint8_t { once, every_time };

// The trailing windows of the moving conditions.
enum class move_window : std::uint8_t { m1, m5, m15, h1, h4, h24 };
inline constexpr std::size_t move_window_count = 6;
std::chrono::seconds window_length(move_window window);

// created -> triggered | deleted; triggered and deleted are final (DESIGN.md section 4).
enum class alert_status { created, triggered, deleted };

std::string_view to_string(alert_condition condition);
std::string_view to_string(alert_frequency frequency);
std::string_view to_string(move_window window);
std::optional<alert_frequency> parse_frequency(std::string_view text);
std::optional<move_window> parse_window(std::string_view text);
bool is_moving(alert_condition condition);
std::string_view to_string(alert_status status);
std::optional<alert_condition> parse_condition(std::string_view text);
std::optional<alert_status> parse_status(std::string_view text);

// The delivery of the email owed to a fired alert, as the API shows it.
struct delivery_state {
  std::string status;  // pending, sent, failed
  std::int64_t attempts = 0;
  std::optional<std::string> last_error;
};

struct alert {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string owner_email;
  std::string symbol;
  alert_condition condition = alert_condition::above;
  price target;
  alert_status status = alert_status::created;
  time_point created_at;
  std::optional<time_point> triggered_at;
  std::optional<price> triggered_price;
  std::optional<delivery_state> delivery;
};

// What a user asks for; validated by alert_service before it reaches a store.
struct alert_request {
  std::string symbol = "BTCUSDT";
  alert_condition condition = alert_condition::above;
  price target;
};

// Which of one user's alerts to list.
struct alert_filter {
  std::int64_t user_id = 0;
  std::optional<alert_status> status;
  std::optional<std::string> symbol;
};

}  // namespace pricewatch
