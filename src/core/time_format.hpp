// RFC 3339 UTC timestamps for the API (and the exchanges' messages), and the integer milliseconds
// the database stores.
#pragma once

#include "core/clock.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pricewatch {

std::string format_rfc3339(time_point when);  // "2026-11-28T08:14:34.123Z"
std::int64_t to_unix_millis(time_point when);
// Clamped to what a time_point holds (1677 to 2262).
time_point from_unix_millis(std::int64_t millis);
// Unix seconds from untrusted text (an exchange's candle time): nullopt outside what a time_point
// holds, where multiplying would overflow.
std::optional<time_point> from_unix_seconds(std::int64_t seconds);

// "2014-11-07T08:19:27.028459Z", or with an offset such as "+01:00" instead of "Z": the instant
// it names, to the nanosecond (further digits are cut). nullopt when the text is not RFC 3339 or
// names an instant a time_point cannot hold (before 1677 or after 2262).
std::optional<time_point> parse_rfc3339(std::string_view text);

}  // namespace pricewatch
