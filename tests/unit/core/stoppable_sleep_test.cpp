// Tests the one way workers wait, without threads: a stop already requested ends the wait at
// once with false; a wake made before the wait is not lost; a deadline already passed returns.
#include "core/stoppable_sleep.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

TEST(stoppable_sleep, a_requested_stop_ends_the_wait_with_false) {
  std::stop_source source;
  source.request_stop();
  stoppable_sleep sleep;
  EXPECT_FALSE(sleep.sleep_for(source.get_token(), 1h));
}

TEST(stoppable_sleep, a_wake_before_the_wait_is_not_lost) {
  std::stop_source source;
  stoppable_sleep sleep;
  sleep.wake();
  EXPECT_TRUE(sleep.sleep_for(source.get_token(), 1h)) << "woken: returns without waiting an hour";
  EXPECT_TRUE(sleep.sleep_until(source.get_token(), std::chrono::steady_clock::now() - 1s))
      << "a deadline already passed returns at once";
}

}  // namespace
}  // namespace pricewatch
