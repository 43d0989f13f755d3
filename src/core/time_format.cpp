#include "core/time_format.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace pricewatch {
namespace {

// The number written by `count` digits at text[at], or -1 when they are not all digits.
int digits_at(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace
}  // namespace pricewatch

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
  // Clamped: a time_point counts nanoseconds in 64 bits (1677 to 2262), and the count comes from
  // untrusted text (an exchange's closeTime); converting a larger one overflowed (UB).
  constexpr auto most = std::chrono::duration_cast<std::chrono::milliseconds>(time_point::duration::max()).count();
  constexpr auto least = std::chrono::duration_cast<std::chrono::milliseconds>(time_point::duration::min()).count();
  return time_point(std::chrono::milliseconds(std::clamp(millis, least, most)));
}

std::optional<time_point> from_unix_seconds(std::int64_t seconds) {
  constexpr auto most = std::chrono::duration_cast<std::chrono::seconds>(time_point::duration::max()).count();
  constexpr auto least = std::chrono::duration_cast<std::chrono::seconds>(time_point::duration::min()).count();
  if (seconds > most || seconds < least) return std::nullopt;
  return time_point(std::chrono::seconds(seconds));
}

std::optional<time_point> parse_rfc3339(std::string_view text) {
  namespace chrono = std::chrono;
  const int year = digits_at(text, 0, 4), month = digits_at(text, 5, 2), day = digits_at(text, 8, 2);
  const int hour = digits_at(text, 11, 2), minute = digits_at(text, 14, 2), second = digits_at(text, 17, 2);
  if (text.size() < 20 || year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 ||
      text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const chrono::year_month_day date{chrono::year(year), chrono::month(static_cast<unsigned>(month)),
                                    chrono::day(static_cast<unsigned>(day))};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  std::size_t at = 19;
  chrono::nanoseconds fraction{0};
  if (text[at] == '.') {
    ++at;
    const auto first = at;
    std::int64_t scale = 100'000'000;
    for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, scale /= 10) {
      fraction += chrono::nanoseconds((text[at] - '0') * scale);
    }
    if (at == first || at == text.size()) return std::nullopt;
  }
  chrono::minutes offset{0};
  const auto zone = text.substr(at);
  const bool utc = zone == "Z" || zone == "z";
  const int offset_hours = digits_at(zone, 1, 2), offset_minutes = digits_at(zone, 4, 2);
  if (!utc) {
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' || offset_hours < 0 ||
        offset_hours > 23 || offset_minutes < 0 || offset_minutes > 59) {
      return std::nullopt;
    }
    offset = chrono::hours(offset_hours) + chrono::minutes(offset_minutes);
    if (zone[0] == '-') offset = -offset;
  }
  // In seconds first: a time_point counts nanoseconds in 64 bits (1677 to 2262), and a year such
  // as 3307 overflowed it (UB) when the fraction was added.
  const auto whole = chrono::sys_days(date) + chrono::hours(hour) + chrono::minutes(minute) +
                     chrono::seconds(second) - offset;
  constexpr auto most = chrono::duration_cast<chrono::seconds>(time_point::duration::max()) - chrono::seconds(1);
  constexpr auto least = chrono::duration_cast<chrono::seconds>(time_point::duration::min()) + chrono::seconds(1);
  if (whole.time_since_epoch() > most || whole.time_since_epoch() < least) return std::nullopt;
  return time_point(chrono::duration_cast<time_point::duration>(whole.time_since_epoch()) + fraction);
}

}  // namespace pricewatch
