// A notification: the email owed to an alert's owner once it fired, and its delivery state.
#pragma once

#include "alerts/alert.hpp"
#include "core/clock.hpp"
#include "core/price.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pricewatch {

// pending until the mail server accepted it, then sent; failed after the last attempt.
enum class notification_status { pending, sent, failed };

std::string_view to_string(notification_status status);
std::optional<notification_status> parse_notification_status(std::string_view text);

struct notification {
  std::int64_t id = 0;
  std::int64_t alert_id = 0;
  std::int64_t user_id = 0;
  std::string recipient;
  std::string symbol;
  alert_condition condition = alert_condition::above;
  price target;
  price triggered_price;
  notification_status status = notification_status::pending;
  std::int64_t attempts = 0;
  std::optional<std::string> last_error;
  time_point created_at;
};

// A fired alert as the watcher hands it to the database: which alert, at what price and time.
struct firing {
  std::int64_t alert_id = 0;
  price triggered_price;
};

// What firing changed, for cache invalidation and events: the alerts that really went from
// created to triggered (the others had been deleted or fired elsewhere).
struct fired_record {
  std::int64_t alert_id = 0;
  std::int64_t user_id = 0;
  std::string symbol;
  alert_condition condition = alert_condition::above;
  price target;
  time_point created_at;
  price triggered_price;
  time_point triggered_at;
};

}  // namespace pricewatch
