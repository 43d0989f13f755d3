// An alert: "tell me when SYMBOL goes above/below PRICE", and the words used for its fields.
#pragma once

#include "core/clock.hpp"
#include "core/price.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pricewatch {

enum class alert_condition { above, below };

// created -> triggered | deleted; triggered and deleted are final (DESIGN.md section 4).
enum class alert_status { created, triggered, deleted };

std::string_view to_string(alert_condition condition);
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
