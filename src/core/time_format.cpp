#include "core/time_format.hpp"

#include <cstdio>
#include <ctime>

namespace pricewatch {

std::string format_rfc3339(time_point when) {
  const auto millis = to_unix_millis(when);
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis % 1000));
  return text;
}

std::int64_t to_unix_millis(time_point when) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
}

time_point from_unix_millis(std::int64_t millis) {
  return time_point(std::chrono::duration_cast<time_point::duration>(std::chrono::milliseconds(millis)));
}

}  // namespace pricewatch
