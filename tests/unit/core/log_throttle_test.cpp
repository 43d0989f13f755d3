#include "core/log_throttle.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

TEST(log_throttle, lets_the_first_through_then_one_per_period_with_the_count_held_back) {
  log_throttle throttle(1000ms);
  const std::chrono::steady_clock::time_point start{std::chrono::hours(1)};
  EXPECT_EQ(throttle.admit(start), 1u);
  EXPECT_EQ(throttle.admit(start + 1ms), 0u);
  EXPECT_EQ(throttle.admit(start + 999ms), 0u);
  // The line after the period reports itself and the two held back.
  EXPECT_EQ(throttle.admit(start + 1000ms), 3u);
  EXPECT_EQ(throttle.admit(start + 1500ms), 0u);
  EXPECT_EQ(throttle.admit(start + 5000ms), 2u);
}

TEST(log_throttle, counts_held_events_into_the_next_line) {
  log_throttle throttle(1000ms);
  const std::chrono::steady_clock::time_point start{std::chrono::hours(1)};
  EXPECT_EQ(throttle.admit(start), 1u);
  throttle.hold();
  throttle.hold();
  EXPECT_EQ(throttle.admit(start + 2s), 3u);
}

TEST(log_throttle, a_clock_that_went_back_lets_a_line_through) {
  log_throttle throttle(1000ms);
  const std::chrono::system_clock::time_point start{std::chrono::hours(1)};
  EXPECT_EQ(throttle.admit(start), 1u);
  EXPECT_EQ(throttle.admit(start - 10ms), 1u);
}

}  // namespace
}  // namespace pricewatch
