// RFC 3339 UTC timestamps for the API, and the integer milliseconds the database stores.
#pragma once

#include "core/clock.hpp"

#include <cstdint>
#include <string>

namespace pricewatch {

std::string format_rfc3339(time_point when);  // "2026-11-28T08:14:34.123Z"
std::int64_t to_unix_millis(time_point when);
time_point from_unix_millis(std::int64_t millis);

}  // namespace pricewatch
