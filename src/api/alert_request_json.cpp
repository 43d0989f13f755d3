#include "api/alert_request_json.hpp"

#include "alerts/alert_rules.hpp"
#include "api/json_io.hpp"
#include "core/time_format.hpp"

#include <algorithm>

namespace pricewatch::api {
namespace {

failure invalid(std::string message) { return make_failure(errc::validation_failed, std::move(message)); }

// The member, unless it is absent or null.
const boost::json::value* given(const boost::json::object& body, std::string_view key) {
  const auto* value = body.if_contains(key);
  return value == nullptr || value->is_null() ? nullptr : value;
}

result<void> read_v1_fields(const boost::json::object& body, alert_patch& patch) {
  if (given(body, "percent") != nullptr) {
    auto parsed = price_field(body, "percent", dialect::v1);
    auto valid = parsed ? validate_percent(*parsed) : result<std::int32_t>(parsed.error());
    if (!valid) return invalid("Percent must be a number from 0.01 to 1000, with at most two decimals.");
    patch.percent_bp = *valid;
  }
  if (const auto* window = given(body, "window")) {
    const auto parsed = window->is_string() ? parse_window(window->as_string()) : std::nullopt;
    if (!parsed) return invalid("window must be one of 1m, 5m, 15m, 1h, 4h, 24h.");
    patch.window = *parsed;
  }
  if (const auto* frequency = given(body, "frequency")) {
    const auto parsed = frequency->is_string() ? parse_frequency(frequency->as_string()) : std::nullopt;
    if (!parsed) return invalid("frequency must be \"once\" or \"every_time\".");
    patch.frequency = *parsed;
  }
  if (const auto* cooldown = given(body, "cooldown_seconds")) {
    if (!cooldown->is_int64() && !cooldown->is_uint64()) return invalid("cooldown_seconds must be a whole number of seconds.");
    const auto seconds = cooldown->is_int64() ? cooldown->as_int64() : -1;
    if (seconds < min_cooldown.count() || seconds > max_cooldown.count()) {
      return invalid("cooldown_seconds must be from 10 to 2592000 (30 days).");
    }
    patch.cooldown = std::chrono::seconds(seconds);
  }
  if (const auto* expires = body.if_contains("expires_at")) {
    if (expires->is_null()) {
      patch.expires_at = std::optional<time_point>();
    } else {
      const auto parsed = expires->is_string() ? parse_rfc3339(expires->as_string()) : std::nullopt;
      if (!parsed) return invalid("expires_at must be an RFC 3339 time, such as 2026-12-31T23:59:59Z, or null.");
      patch.expires_at = *parsed;
    }
  }
  if (const auto* note = body.if_contains("note")) {
    if (!note->is_string() && !note->is_null()) return invalid("note must be a string.");
    patch.note = note->is_string() ? std::string(note->as_string()) : std::string();
  }
  if (const auto* channels = body.if_contains("channels")) {
    auto read = read_channel_ids(*channels, "channels");
    if (!read) return read.error();
    patch.channels = std::move(*read);
  }
  if (const auto* paused = given(body, "paused")) {
    if (!paused->is_bool()) return invalid("paused must be true or false.");
    patch.paused = paused->as_bool();
  }
  return {};
}

}  // namespace

result<std::vector<std::int64_t>> read_channel_ids(const boost::json::value& value, std::string_view field) {
  const auto refused = [&] {
    return invalid(std::string(field) + " must be a list of up to 20 channel ids, such as [1, 4].");
  };
  if (value.is_null()) return std::vector<std::int64_t>{};
  if (!value.is_array() || value.as_array().size() > 20) return refused();
  std::vector<std::int64_t> ids;
  for (const auto& item : value.as_array()) {
    if (!item.is_int64() || item.as_int64() <= 0) return refused();
    ids.push_back(item.as_int64());
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

result<alert_patch> read_alert_patch(const boost::json::object& body, dialect spoken) {
  alert_patch patch;
  if (spoken == dialect::v1) {
    if (const auto* exchange = given(body, "exchange")) {
      const auto named = exchange->is_string() ? exchange_named(exchange->as_string()) : std::nullopt;
      if (!named) return invalid("exchange must be one of binance, binanceus, coinbase, kraken.");
      patch.exchange = *named;
    }
  }
  if (const auto* symbol = given(body, "symbol")) {
    if (spoken == dialect::v1 && symbol->is_string()) {
      // Its form depends on the alert's exchange, which a change may not name: the rules check it
      // (validate_request) once the exchange is known. The original routes are Binance's.
      patch.symbol = std::string(symbol->as_string());
    } else {
      auto valid = symbol->is_string() ? validate_symbol(symbol->as_string()) : validate_symbol("");
      if (!valid) return valid.error();
      patch.symbol = std::move(*valid);
    }
  }
  if (const auto* condition = given(body, "condition")) {
    const auto parsed = condition->is_string() ? parse_condition(condition->as_string()) : std::nullopt;
    if (spoken == dialect::original) {
      // The original knew levels only.
      if (!parsed || (*parsed != alert_condition::above && *parsed != alert_condition::below)) {
        return invalid("Condition must be \"above\" or \"below\".");
      }
    } else if (!parsed) {
      return invalid("condition must be one of above, below, crossing_up, crossing_down, crossing, moving_up, "
                     "moving_down.");
    }
    patch.condition = *parsed;
  }
  if (given(body, "price") != nullptr) {
    auto target = price_field(body, "price", spoken);
    if (!target) return target.error();
    patch.target = *target;
  }
  if (spoken == dialect::v1) {
    if (auto read = read_v1_fields(body, patch); !read) return read.error();
  }
  return patch;
}

result<alert_request> read_alert_request(const boost::json::object& body, dialect spoken) {
  auto patch = read_alert_patch(body, spoken);
  if (!patch) return patch.error();
  if (patch->paused) return invalid("A new alert cannot be paused: create it, then pause it.");
  auto request = patched(alert_request{}, *patch);
  if (!is_moving(request.condition) && !patch->target) return invalid("Price is required.");
  if (is_moving(request.condition) && !patch->window) return invalid("A moving alert needs a window: 1m, 5m, 15m, 1h, 4h or 24h.");
  return request;
}

}  // namespace pricewatch::api
