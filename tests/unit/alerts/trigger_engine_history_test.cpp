// Tests what the trigger engine knows of a symbol's past: a window that comes into use asks for
// its history once, seeded candles count from the next price on and fire nothing themselves, and
// a rebuild from the database (clear, then every alert again) keeps the last price and the
// windows, so that a crossing knows its side and a move its window at once, as before it.
#include "engine_fixture.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

class trigger_engine_history_test : public engine_fixture {
 protected:
  void seed(std::string_view low, std::string_view high, std::int64_t until_ms) {
    engine_.seed(engine_.book_for("BTCUSDT"), at(low), at(high), after_start(until_ms));
  }
};

TEST_F(trigger_engine_history_test, a_new_window_asks_once_for_its_length_and_grain_of_history) {
  EXPECT_TRUE(engine_.take_history_requests().empty());
  level(1, alert_condition::above, "100");
  EXPECT_TRUE(engine_.take_history_requests().empty()) << "levels need no history";
  move(2, alert_condition::moving_up, 500, move_window::m5);
  move(3, alert_condition::moving_down, 500, move_window::h1);
  auto other = alert(4, alert_condition::moving_up);
  other.symbol = "ETHUSDT";
  other.percent_bp = 100;
  engine_.add(other);
  using request = trigger_engine::history_request;
  // One per symbol, for its longest new window: an hour and its grain of 5 s.
  EXPECT_EQ(engine_.take_history_requests(), (std::vector<request>{{"BTCUSDT", 3605s}, {"ETHUSDT", 61s}}));
  EXPECT_TRUE(engine_.take_history_requests().empty()) << "taken once";
  move(5, alert_condition::moving_up, 900, move_window::m5);
  EXPECT_TRUE(engine_.take_history_requests().empty()) << "the window is kept already";
}

TEST_F(trigger_engine_history_test, seeded_candles_fire_nothing_and_count_from_the_next_price) {
  move(1, alert_condition::moving_up, 500, move_window::h1);  // 5 % over the lowest of the hour
  seed("100", "101", -30 * 60'000);   // half an hour ago
  seed("80", "81", -2 * 3'600'000);   // two hours ago: older than the window
  EXPECT_EQ(tick("104.99", 0), ids_t{});
  EXPECT_EQ(tick("105", 100), ids_t{1}) << "5 % over the low of the seeded candle";
}

TEST_F(trigger_engine_history_test, a_seeded_high_counts_for_moves_down) {
  move(1, alert_condition::moving_down, 1000, move_window::m15);  // 10 % under the highest
  seed("190", "200", -60'000);
  EXPECT_EQ(tick("181", 0), ids_t{});
  EXPECT_EQ(tick("180", 100), ids_t{1});
}

TEST_F(trigger_engine_history_test, a_rebuild_keeps_the_last_price_so_a_crossing_knows_its_side) {
  level(1, alert_condition::crossing_up, "100");
  EXPECT_EQ(tick("99", 0), ids_t{});
  engine_.clear();
  EXPECT_EQ(engine_.active_count(), 0u);
  EXPECT_TRUE(engine_.symbols().empty());
  level(1, alert_condition::crossing_up, "100");  // the database's read, again
  EXPECT_EQ(tick("101", 100), ids_t{1}) << "the price crossed from below: the side before the rebuild";
}

TEST_F(trigger_engine_history_test, a_rebuild_keeps_the_windows_and_asks_no_history_again) {
  move(1, alert_condition::moving_up, 1000, move_window::m1);
  engine_.take_history_requests();
  EXPECT_EQ(tick("100", 0), ids_t{});
  engine_.clear();
  move(1, alert_condition::moving_up, 1000, move_window::m1);
  EXPECT_TRUE(engine_.take_history_requests().empty());
  EXPECT_EQ(tick("110", 10'000), ids_t{1}) << "10 % over the low from before the rebuild";
}

}  // namespace
}  // namespace pricewatch
