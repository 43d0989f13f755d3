// Tests the trigger engine's quiet band, the shortcut a price that reaches nothing takes: what such
// a price must still change (the windows' low and high, via the second's pending prices), and what
// must end the shortcut (a new entry, a new low or high a move is measured from, a cooldown that
// ended). The model tests cover the band at random; these pin the cases a random stream rarely hits.
#include "engine_fixture.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

namespace pricewatch {
namespace {

class trigger_engine_quiet_band_test : public engine_fixture {};

TEST_F(trigger_engine_quiet_band_test, an_alert_added_inside_the_band_fires_at_the_next_price) {
  level(1, alert_condition::above, "110");
  level(2, alert_condition::below, "90");
  EXPECT_EQ(tick("100", 0), ids_t{});
  EXPECT_EQ(tick("101", 100), ids_t{});
  level(3, alert_condition::above, "101.5");
  EXPECT_EQ(tick("101.5", 200), ids_t{3});
}

// Only moves down are watched, so a new low is inside the band; an alert on moves up made later
// measures from it, whether it comes in the same second or the next.
TEST_F(trigger_engine_quiet_band_test, a_price_inside_the_band_still_counts_in_the_window) {
  move(1, alert_condition::moving_down, 500);
  EXPECT_EQ(tick("100", 0), ids_t{});
  EXPECT_EQ(tick("96", 100), ids_t{});  // 4 % down: quiet
  move(2, alert_condition::moving_up, 300);
  EXPECT_EQ(tick("98.87", 200), ids_t{});  // 2.99 % above 96
  EXPECT_EQ(tick("98.88", 300), ids_t{2});  // 3 % above 96
  move(3, alert_condition::moving_up, 300);
  EXPECT_EQ(tick("96.5", 400), ids_t{});
  EXPECT_EQ(tick("98.88", 1'500), ids_t{3});  // the next second: 96 went into the window
}

// A new low moves what a rise is measured from: the band ends at the window's low.
TEST_F(trigger_engine_quiet_band_test, a_new_low_ends_the_band_of_a_move_up) {
  move(1, alert_condition::moving_up, 100);
  EXPECT_EQ(tick("100", 0), ids_t{});
  EXPECT_EQ(tick("99.5", 100), ids_t{});
  EXPECT_EQ(tick("100.49", 200), ids_t{});  // 0.99 % above 99.5
  EXPECT_EQ(tick("100.495", 300), ids_t{1});  // 1 % above 99.5, under 1 % above 100
}

TEST_F(trigger_engine_quiet_band_test, a_new_high_ends_the_band_of_a_move_down) {
  move(1, alert_condition::moving_down, 100);
  EXPECT_EQ(tick("100", 0), ids_t{});
  EXPECT_EQ(tick("100.5", 100), ids_t{});
  EXPECT_EQ(tick("99.505", 200), ids_t{});  // 0.99 % below 100.5
  EXPECT_EQ(tick("99.495", 300), ids_t{1});  // 1 % below 100.5, under 1 % below 100
}

// A recurring alert whose condition began again during its cooldown fires when the cooldown ends,
// at the first price after it, even one that reaches nothing.
TEST_F(trigger_engine_quiet_band_test, a_cooldown_that_ended_fires_at_the_next_price_inside_the_band) {
  auto recurring = alert(1, alert_condition::above);
  recurring.target = at("100");
  recurring.frequency = alert_frequency::every_time;
  recurring.cooldown = std::chrono::seconds(10);
  engine_.add(recurring);
  EXPECT_EQ(tick("99", 0), ids_t{});
  EXPECT_EQ(tick("101", 500), ids_t{1});  // may fire again from 11 s
  EXPECT_EQ(tick("99", 1'000), ids_t{});  // re-armed
  EXPECT_EQ(tick("101", 2'000), ids_t{});  // began again during the cooldown
  EXPECT_EQ(tick("101", 10'900), ids_t{});
  EXPECT_EQ(tick("101", 11'000), ids_t{1});
}

// Each window in use bounds the band: here the hour's low is further from the price than the
// minute's, so the hour's alert is reached first.
TEST_F(trigger_engine_quiet_band_test, every_window_in_use_bounds_the_band) {
  move(1, alert_condition::moving_up, 200, move_window::h1);
  move(2, alert_condition::moving_up, 100);
  EXPECT_EQ(tick("100", 0), ids_t{});
  EXPECT_EQ(tick("101.5", 61'000), ids_t{});  // 100 has left the minute; 1.5 % above it in the hour
  EXPECT_EQ(tick("102", 61'100), ids_t{1});  // 2 % in the hour, 0.49 % in the minute
  EXPECT_EQ(tick("102.515", 61'200), ids_t{2});  // 1 % above 101.5
}

// Prices whose percent overflows 64 bits (a bitcoin in rupiah is about 1.5e17 units) are
// measured as exactly.
TEST_F(trigger_engine_quiet_band_test, moves_of_prices_beyond_64_bit_percents_are_exact) {
  move(1, alert_condition::moving_up, 1'000);
  move(2, alert_condition::moving_down, 1'000);
  EXPECT_EQ(tick("2000000000", 0), ids_t{});
  EXPECT_EQ(tick("2199999999.99999999", 100), ids_t{});
  EXPECT_EQ(tick("2200000000", 200), ids_t{1});
  EXPECT_EQ(tick("1980000000.00000001", 300), ids_t{});  // 9.99... % below 2.2e9
  EXPECT_EQ(tick("1980000000", 400), ids_t{2});
}

}  // namespace
}  // namespace pricewatch
