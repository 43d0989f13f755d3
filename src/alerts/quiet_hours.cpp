#include "alerts/quiet_hours.hpp"

#include <date/tz.h>

#include <charconv>

namespace pricewatch {
namespace {

const date::time_zone* zone_named(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

bool within(int minute, const quiet_hours& quiet) {
  if (quiet.start_minute < quiet.end_minute) return minute >= quiet.start_minute && minute < quiet.end_minute;
  return minute >= quiet.start_minute || minute < quiet.end_minute;  // across midnight
}

}  // namespace

bool is_time_zone(std::string_view name) { return !name.empty() && name.size() <= 64 && zone_named(name) != nullptr; }

result<int> parse_time_of_day(std::string_view text, std::string_view field) {
  const auto refused = make_failure(errc::validation_failed, std::string(field) + " must be a time of day, HH:MM (00:00 to 23:59).");
  if (text.size() != 5 || text[2] != ':') return refused;
  int hours = 0, minutes = 0;
  const auto [hours_end, hours_error] = std::from_chars(text.data(), text.data() + 2, hours);
  const auto [minutes_end, minutes_error] = std::from_chars(text.data() + 3, text.data() + 5, minutes);
  if (hours_error != std::errc() || hours_end != text.data() + 2 || minutes_error != std::errc() ||
      minutes_end != text.data() + 5 || hours > 23 || minutes > 59 || hours < 0 || minutes < 0) {
    return refused;
  }
  return hours * 60 + minutes;
}

std::string time_of_day_text(int minute) {
  const auto two = [](int value) { return (value < 10 ? "0" : "") + std::to_string(value); };
  return two(minute / 60) + ":" + two(minute % 60);
}

std::optional<time_point> quiet_until(const delivery_preferences& preferences, time_point now) {
  if (!preferences.quiet || preferences.quiet->start_minute == preferences.quiet->end_minute) return std::nullopt;
  const auto* zone = zone_named(preferences.timezone);
  if (zone == nullptr) zone = date::locate_zone("UTC");
  const auto local = zone->to_local(std::chrono::time_point_cast<std::chrono::milliseconds>(now));
  const auto day = date::floor<date::days>(local);
  const auto minute = static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(local - day).count());
  if (!within(minute, *preferences.quiet)) return std::nullopt;
  auto end = day + std::chrono::minutes(preferences.quiet->end_minute);
  if (end <= local) end += date::days(1);
  // A skipped wall time (spring forward) maps to the change itself; a repeated one to its first.
  const auto info = zone->get_info(end);
  if (info.result == date::local_info::nonexistent) return time_point(info.first.end);
  return time_point(zone->to_sys(end, date::choose::earliest));
}

std::optional<time_point> hold_until(const delivery_preferences& preferences, time_point fired_at, time_point now) {
  if (auto quiet = quiet_until(preferences, now)) return quiet;
  if (preferences.digest.count() <= 0) return std::nullopt;
  const auto window = std::chrono::duration_cast<time_point::duration>(preferences.digest);
  const auto since_epoch = fired_at.time_since_epoch();
  const auto end = time_point((since_epoch / window + 1) * window);
  if (end <= now) return std::nullopt;  // its window closed already: at once
  return end;
}

}  // namespace pricewatch
