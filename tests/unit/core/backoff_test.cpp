// Tests the one backoff: doubling from first to max (in a loop, and by count of failures), starting
// over after reset, and jitter that spreads a delay over the asked part of it.
#include "core/backoff.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

TEST(backoff, doubles_from_first_up_to_max) {
  backoff retry(100ms, 1000ms);
  EXPECT_TRUE(retry.at_start());
  EXPECT_EQ(retry.next(), 100ms);
  EXPECT_FALSE(retry.at_start());
  EXPECT_EQ(retry.next(), 200ms);
  EXPECT_EQ(retry.next(), 400ms);
  EXPECT_EQ(retry.next(), 800ms);
  EXPECT_EQ(retry.next(), 1000ms);
  EXPECT_EQ(retry.next(), 1000ms);
}

TEST(backoff, nth_is_the_delay_after_that_many_failures_as_next_gives_it) {
  backoff retry(100ms, 1000ms);
  for (std::int64_t failures = 1; failures <= 7; ++failures) {
    EXPECT_EQ(backoff::nth(100ms, 1000ms, failures), retry.next()) << failures << " failures";
  }
  EXPECT_EQ(backoff::nth(1000ms, 300'000ms, 1000), 300'000ms) << "no overflow far past max";
}

TEST(backoff, starts_over_after_a_reset) {
  backoff retry(100ms, 1000ms);
  retry.next();
  retry.next();
  retry.reset();
  EXPECT_TRUE(retry.at_start());
  EXPECT_EQ(retry.next(), 100ms);
}

TEST(backoff, jitter_spreads_the_delay_over_the_asked_part_of_it) {
  backoff low(1000ms, 8000ms);
  EXPECT_EQ(low.next(0.0, 0.5), 500ms);
  backoff high(1000ms, 8000ms);
  EXPECT_EQ(high.next(0.999, 0.5), 999ms);
  backoff none(1000ms, 8000ms);
  EXPECT_EQ(none.next(0.3, 0.0), 1000ms);
  EXPECT_EQ(none.next(0.0, 0.5), 1000ms) << "the nominal delay doubled to 2000 ms";
}

}  // namespace
}  // namespace pricewatch
