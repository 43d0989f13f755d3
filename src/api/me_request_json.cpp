#include "api/me_request_json.hpp"

#include "alerts/quiet_hours.hpp"
#include "api/alert_request_json.hpp"

#include <array>
#include <algorithm>
#include <string>
#include <string_view>

namespace pricewatch::api {
namespace {

failure invalid(std::string message) { return make_failure(errc::validation_failed, std::move(message)); }

result<std::optional<quiet_hours>> read_quiet_hours(const boost::json::value& value) {
  if (value.is_null()) return std::optional<quiet_hours>();
  const auto* start = value.is_object() ? value.as_object().if_contains("start") : nullptr;
  const auto* end = value.is_object() ? value.as_object().if_contains("end") : nullptr;
  if (start == nullptr || end == nullptr || !start->is_string() || !end->is_string()) {
    return invalid("quiet_hours must be {\"start\": \"HH:MM\", \"end\": \"HH:MM\"} or null.");
  }
  auto from = parse_time_of_day(start->as_string(), "quiet_hours.start");
  if (!from) return from.error();
  auto to = parse_time_of_day(end->as_string(), "quiet_hours.end");
  if (!to) return to.error();
  return std::optional<quiet_hours>(quiet_hours{*from, *to});
}

}  // namespace

result<me_changes> read_me_changes(const boost::json::object& body, const delivery_preferences& stored) {
  static constexpr std::array<std::string_view, 6> known{"id",       "email",       "default_channels",
                                                         "timezone", "quiet_hours", "digest_seconds"};
  for (const auto& member : body) {
    if (std::find(known.begin(), known.end(), std::string_view(member.key())) == known.end()) {
      return invalid(std::string(member.key()) + " cannot be changed here.");
    }
  }
  me_changes changes;
  if (const auto* defaults = body.if_contains("default_channels")) {
    auto ids = read_channel_ids(*defaults, "default_channels");
    if (!ids) return ids.error();
    changes.default_channels = std::move(*ids);
  }
  if (!body.contains("timezone") && !body.contains("quiet_hours") && !body.contains("digest_seconds")) {
    return changes;
  }
  auto preferences = stored;
  if (const auto* zone = body.if_contains("timezone")) {
    if (!zone->is_string()) return invalid("timezone must be a string, such as Europe/Berlin.");
    preferences.timezone = std::string(zone->as_string());
  }
  if (const auto* quiet = body.if_contains("quiet_hours")) {
    auto read = read_quiet_hours(*quiet);
    if (!read) return read.error();
    preferences.quiet = *read;
  }
  if (const auto* digest = body.if_contains("digest_seconds")) {
    if (!digest->is_int64()) return invalid("digest_seconds must be a whole number from 0 to 86400.");
    preferences.digest = std::chrono::seconds(digest->as_int64());
  }
  changes.preferences = std::move(preferences);
  return changes;
}

}  // namespace pricewatch::api
