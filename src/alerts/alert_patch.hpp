// A change its owner asks of an alert (PATCH /api/v1/alerts/{id}): the fields given, and whether
// to pause or resume it. A create is the same change applied to a new alert's defaults.
#pragma once

#include "alerts/alert.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pricewatch {

struct alert_patch {
  // A create's exchange; a change may name the alert's own exchange, never another
  // (alert_service refuses it: the watchers of each exchange follow only their own alerts).
  std::optional<exchange_id> exchange;
  std::optional<std::string> symbol;
  std::optional<alert_condition> condition;
  std::optional<price> target;
  std::optional<std::int32_t> percent_bp;
  std::optional<move_window> window;
  std::optional<alert_frequency> frequency;
  std::optional<std::chrono::seconds> cooldown;
  std::optional<std::optional<time_point>> expires_at;  // a value, or explicitly none
  std::optional<std::string> note;
  std::optional<bool> paused;
  std::optional<std::vector<std::int64_t>> channels;  // ascending, distinct
};

// request with the patch's fields in place. A condition changed between a level (or crossing) and
// a move, without the other kind's fields, drops the fields of the kind it leaves, so that what
// remains is checked as the new kind (alerts/alert_rules.hpp says what is missing).
alert_request patched(alert_request request, const alert_patch& patch);

}  // namespace pricewatch
