// The stall watch runs its action once, on a poll after the armed time, and never after a disarm.
#include "notify/stall_watch.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

TEST(stall_watch, acts_once_on_the_first_poll_after_the_armed_time) {
  manual_monotonic_clock clock;
  stall_watch watch(clock);
  int ran = 0;
  watch.arm(2000ms, [&ran] { ++ran; });
  watch.poll();
  clock.advance(1999ms);
  watch.poll();
  EXPECT_EQ(ran, 0);
  clock.advance(1ms);
  watch.poll();
  watch.poll();
  clock.advance(5s);
  watch.poll();
  EXPECT_EQ(ran, 1);
}

TEST(stall_watch, a_send_over_in_time_is_never_acted_on) {
  manual_monotonic_clock clock;
  stall_watch watch(clock);
  int ran = 0;
  watch.arm(2000ms, [&ran] { ++ran; });
  clock.advance(1s);
  watch.poll();
  watch.disarm();
  clock.advance(10s);
  watch.poll();
  EXPECT_EQ(ran, 0);
}

TEST(stall_watch, polls_without_arming_do_nothing) {
  manual_monotonic_clock clock;
  stall_watch watch(clock);
  clock.advance(1h);
  watch.poll();
  SUCCEED();
}

TEST(stall_watch, an_action_that_throws_does_not_escape_the_poll) {
  manual_monotonic_clock clock;
  stall_watch watch(clock);
  int ran = 0;
  watch.arm(1ms, [&ran] {
    ++ran;
    throw std::runtime_error("the database is away");
  });
  clock.advance(1ms);
  EXPECT_NO_THROW(watch.poll());
  watch.poll();
  EXPECT_EQ(ran, 1);
}

TEST(stall_watch, arming_again_replaces_the_action_and_the_time) {
  manual_monotonic_clock clock;
  stall_watch watch(clock);
  int first = 0, second = 0;
  watch.arm(1s, [&first] { ++first; });
  clock.advance(900ms);
  watch.arm(1s, [&second] { ++second; });
  clock.advance(200ms);
  watch.poll();
  EXPECT_EQ(first + second, 0);
  clock.advance(800ms);
  watch.poll();
  EXPECT_EQ(first, 0);
  EXPECT_EQ(second, 1);
}

}  // namespace
}  // namespace pricewatch
