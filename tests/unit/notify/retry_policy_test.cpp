// Tests the retry schedule: doubling from 1 s, capped at 5 minutes, jittered 80%..120%, 20 attempts.
#include "notify/retry_policy.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

// The nominal delay after each failed attempt: 1, 2, 4 ... 256 s, then 300 s.
milliseconds nominal(std::int64_t attempts) {
  const milliseconds doubled = 1000ms * (std::int64_t{1} << (attempts - 1));
  return attempts >= 10 ? milliseconds(300s) : doubled;
}

TEST(retry_policy, doubles_from_one_second_up_to_five_minutes) {
  const retry_policy policy;
  EXPECT_EQ(policy.delay_after(1, 0.5), 1000ms);
  EXPECT_EQ(policy.delay_after(2, 0.5), 2000ms);
  EXPECT_EQ(policy.delay_after(3, 0.5), 4000ms);
  EXPECT_EQ(policy.delay_after(9, 0.5), 256'000ms);
  EXPECT_EQ(policy.delay_after(10, 0.5), 300'000ms);
  EXPECT_EQ(policy.delay_after(19, 0.5), 300'000ms);
  for (std::int64_t attempts = 1; attempts < 20; ++attempts) {
    const auto delay = policy.delay_after(attempts, 0.5);
    ASSERT_TRUE(delay) << attempts;
    EXPECT_NEAR(static_cast<double>(delay->count()), static_cast<double>(nominal(attempts).count()), 1.0) << attempts;
  }
}

TEST(retry_policy, jitter_zero_gives_eighty_percent) {
  const retry_policy policy;
  EXPECT_EQ(policy.delay_after(1, 0.0), 800ms);
  EXPECT_EQ(policy.delay_after(2, 0.0), 1600ms);
  EXPECT_EQ(policy.delay_after(9, 0.0), 204'800ms);
  EXPECT_EQ(policy.delay_after(15, 0.0), 240'000ms);
  EXPECT_EQ(policy.delay_after(1, -3.0), 800ms);  // out of range is clamped
}

TEST(retry_policy, jitter_near_one_gives_one_hundred_twenty_percent_capped_at_the_maximum) {
  const retry_policy policy;
  const double almost_one = 0.999999999;
  EXPECT_NEAR(static_cast<double>(policy.delay_after(1, almost_one)->count()), 1200.0, 1.0);
  EXPECT_NEAR(static_cast<double>(policy.delay_after(4, almost_one)->count()), 9600.0, 1.0);
  EXPECT_NEAR(static_cast<double>(policy.delay_after(1, 1.0)->count()), 1200.0, 1.0);
  EXPECT_NEAR(static_cast<double>(policy.delay_after(1, 7.0)->count()), 1200.0, 1.0);  // clamped
  EXPECT_EQ(policy.delay_after(9, almost_one), 300s);   // 307.2 s capped
  EXPECT_EQ(policy.delay_after(12, almost_one), 300s);  // 360 s capped
}

TEST(retry_policy, every_delay_stays_within_eighty_and_one_hundred_twenty_percent) {
  const retry_policy policy;
  for (std::int64_t attempts = 1; attempts < 20; ++attempts) {
    for (const double jitter : {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999}) {
      const auto delay = policy.delay_after(attempts, jitter);
      ASSERT_TRUE(delay);
      const auto base = static_cast<double>(nominal(attempts).count());
      EXPECT_GE(static_cast<double>(delay->count()), base * 0.8 - 1.0) << attempts << " " << jitter;
      EXPECT_LE(static_cast<double>(delay->count()), base * 1.2) << attempts << " " << jitter;
      EXPECT_LE(*delay, policy.max_delay);
    }
  }
}

TEST(retry_policy, the_twentieth_attempt_is_the_last) {
  const retry_policy policy;
  EXPECT_EQ(policy.max_attempts, 20);
  EXPECT_TRUE(policy.delay_after(19, 0.5));
  EXPECT_EQ(policy.delay_after(20, 0.5), std::nullopt);
  EXPECT_EQ(policy.delay_after(21, 0.0), std::nullopt);
}

TEST(retry_policy, nineteen_retries_take_about_an_hour) {
  const retry_policy policy;
  milliseconds total{0};
  for (std::int64_t attempts = 1; attempts < policy.max_attempts; ++attempts) total += *policy.delay_after(attempts, 0.5);
  // 1 + 2 + ... + 256 = 511 s, then ten times 300 s: 3511 s, 58 min 31 s.
  EXPECT_NEAR(static_cast<double>(total.count()), 3'511'000.0, 19.0);
  EXPECT_GT(total, 55min);
  EXPECT_LT(total, 65min);
}

TEST(retry_policy, a_custom_policy_is_honoured) {
  const retry_policy policy{milliseconds(100), milliseconds(350), 4};
  EXPECT_EQ(policy.delay_after(1, 0.5), 100ms);
  EXPECT_EQ(policy.delay_after(2, 0.5), 200ms);
  EXPECT_EQ(policy.delay_after(3, 0.5), 350ms);
  EXPECT_EQ(policy.delay_after(3, 0.0), 280ms);
  EXPECT_EQ(policy.delay_after(4, 0.5), std::nullopt);
}

}  // namespace
}  // namespace pricewatch
