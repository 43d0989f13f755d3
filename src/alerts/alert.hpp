// An alert: "tell me when SYMBOL goes above/below PRICE" (or crosses it, or moves by a percent
// within a window), and the words used for its fields (DESIGN.md sections 4 and 9).
#pragma once

#include "core/clock.hpp"
#include "core/exchange.hpp"
#include "core/price.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
// How precisely a window's low and high are kept: per second up to 15 minutes; 5 s, 10 s and a
// minute (as Binance's own rolling-window statistics) for 1 h, 4 h and 24 h. A window then
// reaches back its length and up to one grain more, never less (rolling_extremes.hpp).
std::chrono::seconds window_grain(move_window window);

// created (active) <-> paused; created -> triggered (a `once` alert's firing); created | paused ->
// expired (expires_at passed); any but deleted -> deleted. triggered, expired and deleted are
// final: no change but deletion (DESIGN.md section 9).
enum class alert_status : std::uint8_t { created, paused, triggered, expired, deleted };

// Whether an alert in this status can still change (PATCH, pause, resume, expire).
bool is_open(alert_status status);

std::string_view to_string(alert_condition condition);
std::string_view to_string(alert_frequency frequency);
std::string_view to_string(move_window window);
std::optional<alert_frequency> parse_frequency(std::string_view text);
std::optional<move_window> parse_window(std::string_view text);
bool is_moving(alert_condition condition);
std::string_view to_string(alert_status status);
std::optional<alert_condition> parse_condition(std::string_view text);
std::optional<alert_status> parse_status(std::string_view text);

// The delivery owed to a firing through one channel, as the API shows it.
struct delivery_state {
  std::string status;  // pending, sent, failed
  std::int64_t attempts = 0;
  std::optional<std::string> last_error;
  std::optional<time_point> sent_at;
  std::optional<std::int64_t> channel_id;  // none for a row queued before channels
  std::string type = "email";              // the channel's type
};

// What a user asks for; validated by alert_service (alerts/alert_rules.hpp) before it reaches a store.
struct alert_request {
  // The exchange whose trades it watches; fixed once the alert exists (DESIGN.md section 11).
  exchange_id exchange = exchange_id::binance;
  std::string symbol = "BTCUSDT";  // in the exchange's own form: BTCUSDT, BTC-USD, BTC/USD
  alert_condition condition = alert_condition::above;
  price target;                  // levels and crossings; zero for moving conditions
  std::int32_t percent_bp = 0;   // moving: hundredths of a percent (500 is 5 %); zero otherwise
  move_window window = move_window::m1;  // moving only
  alert_frequency frequency = alert_frequency::once;
  std::chrono::seconds cooldown{60};     // every_time: the least time between two firings
  std::optional<time_point> expires_at;  // an open alert still active then becomes expired
  std::string note;                      // the owner's own words, up to 500 characters
  // The owner's channels to deliver to (DESIGN.md section 10), ascending; none: their defaults
  // at the time it fires.
  std::vector<std::int64_t> channels;
};

struct alert {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string owner_email;
  exchange_id exchange = exchange_id::binance;
  std::string symbol;
  alert_condition condition = alert_condition::above;
  price target;
  alert_status status = alert_status::created;
  time_point created_at;
  std::optional<time_point> triggered_at;  // the first firing
  std::optional<price> triggered_price;
  std::optional<delivery_state> delivery;  // of the latest firing
  std::int32_t percent_bp = 0;
  move_window window = move_window::m1;
  alert_frequency frequency = alert_frequency::once;
  std::chrono::seconds cooldown{60};
  std::optional<time_point> expires_at;
  std::string note;
  std::int64_t fire_count = 0;
  std::optional<time_point> last_fired_at;
  std::optional<price> last_fired_price;
  std::vector<std::int64_t> channels;  // as alert_request says
};

// A percent in hundredths as the API and the emails write it: 500 is "5", 250 "2.5".
std::string percent_text(std::int32_t percent_bp);

// A level or crossing alert at target that fires once: what an original route creates.
alert_request level_request(std::string symbol, alert_condition condition, price target);

// The fields of an alert that its owner chose (and may change while it is open).
alert_request request_of(const alert& item);
// The alert with the fields of request in place of its own.
void apply_request(alert& item, const alert_request& request);

// One firing of an alert, as its history shows it.
struct firing_record {
  std::int64_t id = 0;
  std::int64_t alert_id = 0;
  std::int64_t user_id = 0;
  std::int64_t sequence = 1;  // the alert's first firing is 1
  std::string symbol;
  alert_condition condition = alert_condition::above;
  price target;                 // levels and crossings
  std::int32_t percent_bp = 0;  // moving
  price fired_price;
  time_point fired_at;
  std::vector<delivery_state> deliveries;  // one per channel, in channel order
  exchange_id exchange = exchange_id::binance;  // its alert's
};

// Which of one user's firings to list, newest first.
struct firing_filter {
  std::int64_t user_id = 0;
  std::optional<std::int64_t> alert_id;
  std::optional<std::string> symbol;
  std::optional<time_point> since;  // fired at or after
};

// Which of one user's alerts to list.
struct alert_filter {
  std::int64_t user_id = 0;
  std::optional<alert_status> status;
  std::optional<std::string> symbol;
  std::optional<exchange_id> exchange;
};

}  // namespace pricewatch
