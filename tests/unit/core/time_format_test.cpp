// Tests reading RFC 3339 times as Coinbase and Kraken write them, and the API's own format.
#include "core/time_format.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace pricewatch
