// Tests the board of last prices: the newest trade wins, lookups, the feed's health flags.
#include "watch/price_board.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

price at(std::string_view text) { return *price::parse(text); }
time_point moment(std::int64_t millis) { return time_point(std::chrono::milliseconds(millis)); }

TEST(price_board, find_returns_the_last_update) {
  price_board board;
  EXPECT_EQ(board.find("BTCUSDT"), std::nullopt);
  board.update("BTCUSDT", board_entry{at("51000.5"), moment(1000), moment(1100)});
  const auto found = board.find("BTCUSDT");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->value, at("51000.5"));
  EXPECT_EQ(found->trade_time, moment(1000));
  EXPECT_EQ(found->received_at, moment(1100));
  EXPECT_EQ(board.find("ETHUSDT"), std::nullopt);
}

TEST(price_board, keeps_the_newest_trade_time) {
  price_board board;
  board.update("BTCUSDT", board_entry{at("100"), moment(2000), moment(2000)});
  board.update("BTCUSDT", board_entry{at("99"), moment(1999), moment(2500)});  // older trade, later arrival
  EXPECT_EQ(board.find("BTCUSDT")->value, at("100"));
  board.update("BTCUSDT", board_entry{at("101"), moment(2000), moment(2600)});  // same trade time: latest wins
  EXPECT_EQ(board.find("BTCUSDT")->value, at("101"));
  board.update("BTCUSDT", board_entry{at("102"), moment(3000), moment(3000)});
  EXPECT_EQ(board.find("BTCUSDT")->value, at("102"));
  EXPECT_EQ(board.find("BTCUSDT")->trade_time, moment(3000));
}

TEST(price_board, all_lists_every_symbol_in_order) {
  price_board board;
  EXPECT_TRUE(board.all().empty());
  board.update("ETHUSDT", board_entry{at("3000"), moment(1), moment(1)});
  board.update("BTCUSDT", board_entry{at("51000"), moment(2), moment(2)});
  const auto all = board.all();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all.begin()->first, "BTCUSDT");
  EXPECT_EQ(all.at("ETHUSDT").value, at("3000"));
}

TEST(price_board, live_and_watching_flags) {
  price_board board;
  EXPECT_FALSE(board.live());
  EXPECT_FALSE(board.watching());
  board.set_live(true);
  EXPECT_TRUE(board.live());
  EXPECT_FALSE(board.watching());
  board.set_watching(true);
  board.set_live(false);
  EXPECT_FALSE(board.live());
  EXPECT_TRUE(board.watching());
}

TEST(price_board, max_staleness_defaults_to_thirty_seconds) {
  price_board board;
  EXPECT_EQ(board.max_staleness(), std::chrono::seconds(30));
  board.set_max_staleness(std::chrono::seconds(5));
  EXPECT_EQ(board.max_staleness(), std::chrono::seconds(5));
}

TEST(price_board, counters_start_at_zero) {
  price_board board;
  EXPECT_EQ(board.counters().ticks.load(), 0u);
  board.counters().ticks.fetch_add(2);
  const auto& read_only = board;
  EXPECT_EQ(read_only.counters().ticks.load(), 2u);
  EXPECT_EQ(read_only.counters().active_alerts.load(), 0);
}

}  // namespace
}  // namespace pricewatch
