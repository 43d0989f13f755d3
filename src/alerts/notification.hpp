// A notification: the message owed through one channel once an alert fired, and its delivery state.
#pragma once

#include "alerts/alert.hpp"
#include "alerts/delivery_channel.hpp"
#include "core/clock.hpp"
#include "core/price.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pricewatch {

// pending until its service accepted it, then sent; saved when it was only written to the outbox
// folder (no mail server: nobody was mailed); failed after the last attempt.
enum class notification_status { pending, sent, saved, failed };

std::string_view to_string(notification_status status);
std::optional<notification_status> parse_notification_status(std::string_view text);

struct notification {
  std::int64_t id = 0;
  std::int64_t alert_id = 0;
  std::int64_t firing_sequence = 1;  // which firing of the alert it tells of: its Message-ID
  std::optional<std::int64_t> firing_id;  // the firings row it tells of
  // Held by quiet hours or a digest window until then (it is released now): a digest's part.
  std::optional<time_point> held_until;
  // A digest: the held deliveries of one channel it tells of, together (this one's fields are
  // the first's); empty for a single firing.
  std::vector<notification> digest_of;
  std::int64_t user_id = 0;
  std::string recipient;  // where its channel sends (alerts/delivery_channel.hpp, channel_recipient)
  std::optional<std::int64_t> channel_id;  // none only for a row queued before channels
  channel_type channel = channel_type::email;
  std::string symbol;
  alert_condition condition = alert_condition::above;
  price target;                 // levels and crossings
  std::int32_t percent_bp = 0;  // moves, with their window
  move_window window = move_window::m1;
  alert_frequency frequency = alert_frequency::once;
  std::chrono::seconds cooldown{60};
  price triggered_price;
  std::string note;                  // the alert's, as it stood when it fired
  std::string exchange = "binance";  // the exchange the alert follows (DESIGN.md section 11)
  notification_status status = notification_status::pending;
  std::int64_t attempts = 0;
  std::optional<std::string> last_error;
  time_point created_at;
};

// A fired alert as the watcher hands it to the database: which alert, at what price, and when the
// price did it (the trade's time; a gap's end; the end of a cooldown). It is stored only if the
// alert is still active then, not expired by then, and (recurring) its last firing is at least
// its cooldown earlier: a compare-and-set on the alert's status and last firing, so that however
// many watchers hand in the same firing (the same trade, seen by each), it happens once.
struct firing {
  std::int64_t alert_id = 0;
  price triggered_price;
  time_point at;
};

// What firing changed, for cache invalidation and events: the firings that really happened (the
// others' alerts had been deleted, paused, expired or fired elsewhere).
struct fired_record {
  std::int64_t alert_id = 0;
  std::int64_t user_id = 0;
  std::string symbol;
  alert_condition condition = alert_condition::above;
  price target;
  time_point created_at;
  price triggered_price;
  time_point triggered_at;
  std::int64_t firing_id = 0;
  std::int64_t sequence = 1;
  // The alert became triggered (frequency once, as stored when it fired); else it stays active.
  bool final = true;
  std::int32_t percent_bp = 0;
  move_window window = move_window::m1;
  alert_frequency frequency = alert_frequency::once;
  exchange_id exchange = exchange_id::binance;
  // As stored when it fired: when a recurring alert may fire again.
  std::chrono::seconds cooldown{60};
};

}  // namespace pricewatch
