// Quiet hours and digest windows in the user's IANA time zone: inside or outside, across
// midnight, across daylight saving changes, and digest windows shared by firings within them.
#include "alerts/quiet_hours.hpp"

#include "core/time_format.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

time_point at(std::string_view rfc3339) { return *parse_rfc3339(rfc3339); }

delivery_preferences berlin_nights() {
  delivery_preferences preferences;
  preferences.timezone = "Europe/Berlin";
  preferences.quiet = quiet_hours{22 * 60, 7 * 60};
  return preferences;
}

TEST(quiet_hours, knows_the_iana_zones) {
  EXPECT_TRUE(is_time_zone("Europe/Berlin"));
  EXPECT_TRUE(is_time_zone("UTC"));
  EXPECT_TRUE(is_time_zone("America/Argentina/Buenos_Aires"));
  EXPECT_FALSE(is_time_zone("Europe/Atlantis"));
  EXPECT_FALSE(is_time_zone(""));
}

TEST(quiet_hours, reads_and_writes_times_of_day) {
  EXPECT_EQ(parse_time_of_day("22:00", "start").value(), 1320);
  EXPECT_EQ(parse_time_of_day("00:00", "start").value(), 0);
  EXPECT_EQ(parse_time_of_day("23:59", "start").value(), 1439);
  EXPECT_FALSE(parse_time_of_day("24:00", "start"));
  EXPECT_FALSE(parse_time_of_day("7:00", "start"));
  EXPECT_FALSE(parse_time_of_day("07:60", "start"));
  EXPECT_EQ(time_of_day_text(7 * 60 + 5), "07:05");
}

TEST(quiet_hours, across_midnight_they_end_the_next_morning_local_time) {
  // 23:30 in Berlin, winter (UTC+1): quiet until 07:00 Berlin, 06:00Z.
  EXPECT_EQ(quiet_until(berlin_nights(), at("2026-01-15T22:30:00Z")), at("2026-01-16T06:00:00Z"));
  // 02:00 Berlin, the same night.
  EXPECT_EQ(quiet_until(berlin_nights(), at("2026-01-16T01:00:00Z")), at("2026-01-16T06:00:00Z"));
  // Summer (UTC+2): 07:00 Berlin is 05:00Z.
  EXPECT_EQ(quiet_until(berlin_nights(), at("2026-07-15T21:00:00Z")), at("2026-07-16T05:00:00Z"));
}

TEST(quiet_hours, outside_them_nothing_waits) {
  EXPECT_EQ(quiet_until(berlin_nights(), at("2026-01-15T12:00:00Z")), std::nullopt);
  EXPECT_EQ(quiet_until(berlin_nights(), at("2026-01-16T06:00:00Z")), std::nullopt) << "07:00 is their end";
  EXPECT_EQ(quiet_until(berlin_nights(), at("2026-01-15T20:59:59Z")), std::nullopt) << "21:59:59 Berlin";
  EXPECT_EQ(quiet_until(delivery_preferences{}, at("2026-01-15T22:30:00Z")), std::nullopt) << "none set";
}

TEST(quiet_hours, within_one_day_they_end_the_same_day) {
  delivery_preferences lunch;
  lunch.timezone = "Asia/Tokyo";  // UTC+9, no daylight saving
  lunch.quiet = quiet_hours{12 * 60, 13 * 60 + 30};
  EXPECT_EQ(quiet_until(lunch, at("2026-03-01T03:15:00Z")), at("2026-03-01T04:30:00Z"));
  EXPECT_EQ(quiet_until(lunch, at("2026-03-01T04:30:00Z")), std::nullopt);
}

TEST(quiet_hours, an_end_that_daylight_saving_skips_ends_them_at_the_change) {
  // Berlin springs forward on 2026-03-29 at 02:00 local (01:00Z) to 03:00: an end at 02:30 does
  // not exist that night.
  delivery_preferences early;
  early.timezone = "Europe/Berlin";
  early.quiet = quiet_hours{23 * 60, 2 * 60 + 30};
  EXPECT_EQ(quiet_until(early, at("2026-03-28T23:00:00Z")), at("2026-03-29T01:00:00Z"));
  // Falling back on 2026-10-25, 03:00 -> 02:00: 02:30 happens twice; the first one ends them.
  EXPECT_EQ(quiet_until(early, at("2026-10-24T23:00:00Z")), at("2026-10-25T00:30:00Z"));
}

TEST(quiet_hours, digest_windows_gather_firings_within_them) {
  delivery_preferences gathered;
  gathered.digest = 300s;
  const auto first = at("2026-01-15T12:01:00Z");
  EXPECT_EQ(hold_until(gathered, first, first), at("2026-01-15T12:05:00Z"));
  EXPECT_EQ(hold_until(gathered, at("2026-01-15T12:04:59Z"), at("2026-01-15T12:04:59Z")), at("2026-01-15T12:05:00Z"));
  EXPECT_EQ(hold_until(gathered, first, at("2026-01-15T12:06:00Z")), std::nullopt) << "its window closed: at once";
  EXPECT_EQ(hold_until(delivery_preferences{}, first, first), std::nullopt);
  // Quiet hours come first.
  auto both = berlin_nights();
  both.digest = 300s;
  EXPECT_EQ(hold_until(both, at("2026-01-15T22:30:00Z"), at("2026-01-15T22:30:00Z")), at("2026-01-16T06:00:00Z"));
}

}  // namespace
}  // namespace pricewatch
