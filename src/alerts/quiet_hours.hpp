// The arithmetic of quiet hours and digests, in the user's IANA time zone (Howard Hinnant's
// date/tz over Debian's tzdata): whether a delivery due now is held, and until when. Pure: the
// time is given; the zone database is read from /usr/share/zoneinfo once, on first use.
#pragma once

#include "alerts/delivery_preferences.hpp"
#include "core/clock.hpp"
#include "core/failure.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace pricewatch {

// Whether name is a zone of the IANA database ("Europe/Berlin", "UTC").
bool is_time_zone(std::string_view name);

// "HH:MM" (00:00 to 23:59) as minutes after midnight; validation_failed naming field otherwise.
result<int> parse_time_of_day(std::string_view text, std::string_view field);
std::string time_of_day_text(int minute);

// When the quiet hours that contain now end (the first instant the user's clock reads their end
// after now), or nullopt when now is outside them or there are none. A wall time that a daylight
// saving change skips ends them at the change.
std::optional<time_point> quiet_until(const delivery_preferences& preferences, time_point now);

// When a delivery of a firing at fired_at, due at now, may go out: the end of the quiet hours
// around now, else the end of fired_at's digest window (windows of preferences.digest seconds,
// counted from the epoch, so that firings in one window share their end), else nullopt: at once.
std::optional<time_point> hold_until(const delivery_preferences& preferences, time_point fired_at, time_point now);

}  // namespace pricewatch
