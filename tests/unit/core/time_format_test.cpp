// Tests reading RFC 3339 times as Coinbase and Kraken write them, and the API's own format.
#include "core/time_format.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

TEST(parse_rfc3339, reads_utc_with_microseconds_exactly) {
  const auto parsed = parse_rfc3339("2014-11-07T08:19:27.028459Z");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(to_unix_millis(*parsed), 1415348367028);
  EXPECT_EQ(parsed->time_since_epoch() % 1ms, std::chrono::duration_cast<time_point::duration>(459us));
}

TEST(parse_rfc3339, reads_whole_seconds_offsets_and_what_the_api_writes) {
  EXPECT_EQ(to_unix_millis(*parse_rfc3339("1970-01-01T00:00:00Z")), 0);
  EXPECT_EQ(to_unix_millis(*parse_rfc3339("1970-01-01T01:00:00+01:00")), 0);
  EXPECT_EQ(to_unix_millis(*parse_rfc3339("1969-12-31T23:30:00-00:30")), 0);
  const auto now = from_unix_millis(1764318874123);
  EXPECT_EQ(parse_rfc3339(format_rfc3339(now)), now);
  EXPECT_EQ(to_unix_millis(*parse_rfc3339("2024-02-29T12:00:00.1Z")), 1709208000100);
}

TEST(parse_rfc3339, refuses_what_is_not_rfc_3339) {
  for (const auto* text : {"", "2014-11-07", "2014-11-07T08:19:27", "2014-11-07 08:19:27Z", "2014-13-07T08:19:27Z",
                           "2023-02-29T08:19:27Z", "2014-11-07T24:00:00Z", "2014-11-07T08:19:27.Z",
                           "2014-11-07T08:19:27.5", "2014-11-07T08:19:27+0100", "2014-11-07T08:19:27Zjunk",
                           "20x4-11-07T08:19:27Z", "1415348367"}) {
    EXPECT_FALSE(parse_rfc3339(text)) << text;
  }
}

// Found by fuzz/ (coinbase, kraken, request_body): years past 2262 overflowed the nanosecond
// count (undefined behaviour, caught by UBSan) instead of being refused.
TEST(parse_rfc3339, refuses_instants_a_time_point_cannot_hold) {
  for (const auto* text : {"3307-02-01T00:00:00Z", "4048-01-01T00:00:01.5Z", "3260-01-01T00:00:00.123456Z",
                           "9999-12-31T23:59:59Z", "2262-04-12T00:00:00Z", "1677-09-21T00:00:00Z",
                           "0000-01-01T00:00:00Z"}) {
    EXPECT_FALSE(parse_rfc3339(text)) << text;
  }
  EXPECT_TRUE(parse_rfc3339("2262-04-11T00:00:00Z"));
  EXPECT_TRUE(parse_rfc3339("1677-09-22T00:00:00Z"));
}

// Found by fuzz/ (binance: a closeTime of 170000000000000059 ms): clamped, not overflowed.
TEST(from_unix_millis, clamps_counts_a_time_point_cannot_hold) {
  EXPECT_EQ(from_unix_millis(170'000'000'000'000'059), from_unix_millis(9'223'372'036'854));
  EXPECT_EQ(from_unix_millis(std::numeric_limits<std::int64_t>::max()), from_unix_millis(9'223'372'036'854));
  EXPECT_EQ(from_unix_millis(std::numeric_limits<std::int64_t>::min()), from_unix_millis(-9'223'372'036'854));
  EXPECT_EQ(to_unix_millis(from_unix_millis(1'700'000'000'000)), 1'700'000'000'000);
}

}  // namespace
}  // namespace pricewatch
