// Tests following trade ids per symbol: late messages, skipped ids, a counted last trade id
// ahead of the trades seen, a starting point that judges nothing, and a new connection.
#include "feed/trade_continuity.hpp"

#include "core/time_format.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

time_point at(std::int64_t second) { return from_unix_millis(second * 1000); }

TEST(trade_continuity, consecutive_trade_ids_miss_nothing_and_a_jump_is_a_missed_stretch) {
  trade_continuity trades;
  EXPECT_FALSE(trades.trade("BTC-USD", 10, 1, at(1)).missed) << "the first trade starts the count";
  EXPECT_FALSE(trades.trade("BTC-USD", 17, 2, at(2)).missed) << "orders may skip; trade ids may not";
  const auto jump = trades.trade("BTC-USD", 20, 5, at(9));
  EXPECT_FALSE(jump.late);
  ASSERT_TRUE(jump.missed);
  EXPECT_EQ(jump.missed->symbol, "BTC-USD");
  EXPECT_EQ(jump.missed->from, at(2));
  EXPECT_EQ(jump.missed->until, at(9));
  EXPECT_FALSE(trades.trade("ETH-USD", 3, 40, at(9)).missed) << "each symbol counts on its own";
}

TEST(trade_continuity, a_message_not_newer_than_the_last_is_late) {
  trade_continuity trades;
  (void)trades.trade("BTC/USD", 5, 5, at(1));
  EXPECT_TRUE(trades.trade("BTC/USD", 5, 5, at(1)).late);
  EXPECT_TRUE(trades.trade("BTC/USD", 4, 4, at(1)).late);
  const auto next = trades.trade("BTC/USD", 6, 6, at(2));
  EXPECT_FALSE(next.late);
  EXPECT_FALSE(next.missed);
}

TEST(trade_continuity, a_count_ahead_of_the_trades_seen_is_missed_once) {
  trade_continuity trades;
  EXPECT_FALSE(trades.counted("BTC-USD", 100, 20, at(1)).missed) << "the first word starts the count";
  EXPECT_FALSE(trades.counted("BTC-USD", 101, 20, at(2)).missed);
  const auto ahead = trades.counted("BTC-USD", 110, 23, at(5));
  ASSERT_TRUE(ahead.missed);
  EXPECT_EQ(ahead.missed->from, at(1));
  EXPECT_EQ(ahead.missed->until, at(5));
  EXPECT_FALSE(trades.counted("BTC-USD", 111, 23, at(6)).missed);
  EXPECT_TRUE(trades.counted("BTC-USD", 105, 30, at(7)).late) << "an older count judges nothing";
  EXPECT_FALSE(trades.trade("BTC-USD", 112, 24, at(8)).missed);
}

TEST(trade_continuity, a_starting_point_judges_nothing_and_a_new_connection_starts_over) {
  trade_continuity trades;
  trades.start_at("ETH/USD", 50, 50, at(1));
  trades.start_at("ETH/USD", 40, 40, at(0));
  EXPECT_EQ(trades.trade("ETH/USD", 52, 52, at(3)).missed->from, at(1));
  trades.clear();
  EXPECT_FALSE(trades.trade("ETH/USD", 90, 90, at(10)).missed);
}

}  // namespace
}  // namespace pricewatch
