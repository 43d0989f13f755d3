// Tests the rolling low and high over trailing windows: sliding, late prices, wrap-around, gaps.
#include "alerts/rolling_extremes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
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
// jumps longer than the ring.
TEST(rolling_extremes, matches_a_scan_of_every_price) {
  std::mt19937_64 random(7);
  const auto uniform = [&](std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random);
  };
  rolling_extremes window(300);
  std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>> seen;
  std::int64_t newest = 10'000;
  for (int step = 0; step < 20'000; ++step) {
    const auto action = uniform(0, 9);
    if (action < 6) {
      const auto second = newest + uniform(-320, uniform(0, 50) == 0 ? 900 : 5);
      const auto low = uniform(1, 1000);
      const auto high = low + uniform(0, 100);
      if (second > newest - 300) seen.emplace_back(second, low, high);
      window.record(second, low, high);
      newest = std::max(newest, second);
    } else {
      const auto length = uniform(1, 300);
      const auto now = newest + uniform(0, 3);
      std::optional<extremes> expected;
      for (const auto& [second, low, high] : seen) {
        if (second > now - length && second <= now) {
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
    }
  }
}

}  // namespace
}  // namespace pricewatch
