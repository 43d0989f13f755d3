// Tests the rolling low and high over trailing windows: sliding, late prices, wrap-around, gaps.
#include "alerts/rolling_extremes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <tuple>
#include <vector>

namespace pricewatch {
namespace {

using extremes = rolling_extremes::extremes;

bool operator==(const extremes& a, const extremes& b) { return a.low == b.low && a.high == b.high; }

TEST(rolling_extremes, nothing_recorded_is_nothing) {
  rolling_extremes window(60);
  EXPECT_FALSE(window.over(60, 1000));
}

TEST(rolling_extremes, slides_with_time_and_forgets_what_left_the_window) {
  rolling_extremes window(60);
  window.record(1000, 50, 50);
  window.record(1030, 40, 70);
  EXPECT_TRUE(*window.over(60, 1030) == (extremes{40, 70}));
  EXPECT_TRUE(*window.over(60, 1059) == (extremes{40, 70}));
  EXPECT_TRUE(*window.over(60, 1060) == (extremes{40, 70}));  // 1000 has left: [1001, 1060]
  EXPECT_FALSE(window.over(10, 1060));  // [1051, 1060] holds nothing
  EXPECT_FALSE(window.over(60, 1090));  // 1030 has left too
}

TEST(rolling_extremes, takes_late_prices_inside_the_window_and_drops_older_ones) {
  rolling_extremes window(60);
  window.record(2000, 100, 100);
  window.record(1990, 80, 120);  // a gap filled after live prices resumed
  EXPECT_TRUE(*window.over(60, 2000) == (extremes{80, 120}));
  window.record(1900, 1, 1000);  // older than the window: ignored
  EXPECT_TRUE(*window.over(60, 2000) == (extremes{80, 120}));
  EXPECT_TRUE(*window.over(5, 2000) == (extremes{100, 100}));
}

// Against a scan of everything recorded, over random seconds (late ones included), windows and
// jumps shorter than the window, longer than the window but not the ring (300 and 512 seconds
// here) and longer than the ring. `whole_percent` of the questions ask for the whole window,
// whose extremes are kept between questions rather than looked up, with the second from which
// time alone may change them. With a grain over a second, a window is every bucket that may hold
// one of its seconds, ending with now's.
void matches_a_scan(std::uint64_t seed, std::int64_t whole_percent, std::int64_t grain = 1) {
  std::mt19937_64 random(seed);
  const auto uniform = [&](std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random);
  };
  const auto bucket = [&](std::int64_t second) { return second / grain; };  // seconds stay positive here
  const auto span = [&](std::int64_t length) { return (length + grain - 1) / grain + (grain > 1 ? 1 : 0); };
  rolling_extremes window(300, grain);
  std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>> seen;
  std::int64_t newest = 10'000;
  for (int step = 0; step < 20'000; ++step) {
    const auto action = uniform(0, 9);
    if (action < 6) {
      const auto jump = uniform(0, 50) == 0 ? uniform(0, 2) == 0 ? 900 : uniform(290, 520) : 5;
      const auto second = newest + uniform(-320, jump);
      const auto low = uniform(1, 1000);
      const auto high = low + uniform(0, 100);
      if (bucket(second) > bucket(newest) - span(300)) seen.emplace_back(second, low, high);
      window.record(second, low, high);
      newest = std::max(newest, second);
    } else {
      const auto length = uniform(0, 99) < whole_percent ? 300 : uniform(1, 300);
      const auto now = newest + uniform(0, 3);
      std::optional<extremes> expected;
      for (const auto& [second, low, high] : seen) {
        if (bucket(second) > bucket(now) - span(length) && second <= now) {
          if (!expected) expected = extremes{low, high};
          expected->low = std::min(expected->low, low);
          expected->high = std::max(expected->high, high);
        }
      }
      const auto got = window.over(length, now);
      newest = std::max(newest, now);
      ASSERT_EQ(got.has_value(), expected.has_value()) << step;
      if (got) {
        ASSERT_TRUE(*got == *expected) << step;
      }
      if (got && length == 300) {  // the whole window: when time alone may change it
        auto oldest = bucket(now);
        for (const auto& [second, low, high] : seen) {
          const bool inside = bucket(second) > bucket(now) - span(300) && second <= now;
          if (inside && (low == expected->low || high == expected->high)) oldest = std::min(oldest, bucket(second));
        }
        ASSERT_EQ(window.steady_until(), (oldest + span(300)) * grain) << step;
      }
    }
  }
}

TEST(rolling_extremes, matches_a_scan_of_every_price) { matches_a_scan(7, 1); }

TEST(rolling_extremes, in_buckets_of_several_seconds_matches_a_scan_of_whole_buckets) {
  for (const std::int64_t grain : {5, 7, 60}) {
    SCOPED_TRACE(grain);
    matches_a_scan(11, 1, grain);
    matches_a_scan(12, 80, grain);
  }
}

// A minute's grain: the window reaches back its length and at most a grain more, never less.
TEST(rolling_extremes, a_coarse_window_reaches_back_at_least_its_length) {
  rolling_extremes window(3600, 60);
  window.record(6000, 40, 40);  // bucket 100: seconds 6000 to 6059
  window.record(9000, 50, 50);
  EXPECT_TRUE(*window.over(3600, 9599) == (extremes{40, 50}));  // 6000 is 3600 s back
  EXPECT_TRUE(*window.over(3600, 9659) == (extremes{40, 50}));  // a grain more, still kept
  EXPECT_TRUE(*window.over(3600, 9660) == (extremes{50, 50}));  // its bucket has left
}

TEST(rolling_extremes, the_whole_window_matches_a_scan_as_it_slides) {
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE(seed);
    matches_a_scan(seed, 80);
  }
}

// The whole window's extremes are kept as it slides: the second that held the low leaving makes
// the next low the window's, and a late price inside the window counts at once.
TEST(rolling_extremes, the_whole_window_forgets_its_low_when_that_second_leaves) {
  rolling_extremes window(60);
  window.record(1000, 40, 40);
  window.record(1010, 50, 90);
  window.record(1020, 60, 70);
  EXPECT_TRUE(*window.over(60, 1059) == (extremes{40, 90}));
  EXPECT_TRUE(*window.over(60, 1060) == (extremes{50, 90}));  // 1000 left
  window.record(1030, 45, 45);  // late
  EXPECT_TRUE(*window.over(60, 1060) == (extremes{45, 90}));
  EXPECT_TRUE(*window.over(60, 1070) == (extremes{45, 70}));  // 1010 left
  EXPECT_TRUE(*window.over(60, 1089) == (extremes{45, 45}));  // 1020 left
  EXPECT_FALSE(window.over(60, 1090));  // 1030 left too
  window.record(1200, 10, 20);
  EXPECT_TRUE(*window.over(60, 1200) == (extremes{10, 20}));
}

}  // namespace
}  // namespace pricewatch
