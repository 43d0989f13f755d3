// Tests the REST targets the Binance feed asks the exchange for.
#include "feed/binance/symbol_query.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pricewatch::binance {
namespace {

TEST(ticker_target, one_symbol_uses_the_symbol_parameter) {
  EXPECT_EQ(ticker_target({"BTCUSDT"}), "/api/v3/ticker/price?symbol=BTCUSDT");
}

TEST(ticker_target, several_symbols_are_a_url_encoded_json_array) {
  EXPECT_EQ(ticker_target({"BTCUSDT", "ETHUSDT"}), "/api/v3/ticker/price?symbols=%5B%22BTCUSDT%22%2C%22ETHUSDT%22%5D");
  EXPECT_EQ(ticker_target({"A", "B", "C"}), "/api/v3/ticker/price?symbols=%5B%22A%22%2C%22B%22%2C%22C%22%5D");
}

TEST(klines_target, asks_for_one_second_klines_of_the_gap) {
  EXPECT_EQ(klines_target("BTCUSDT", "1s", 1700000000000, 1700000060000),
            "/api/v3/klines?symbol=BTCUSDT&interval=1s&startTime=1700000000000&endTime=1700000060000&limit=1000");
  EXPECT_EQ(max_klines, 1000u);
}

TEST(klines_target, binance_us_asks_for_one_minute_klines) {
  EXPECT_EQ(klines_target("BTCUSD", "1m", 1700000000000, 1700000060000),
            "/api/v3/klines?symbol=BTCUSD&interval=1m&startTime=1700000000000&endTime=1700000060000&limit=1000");
}

TEST(exchange_info_target, lists_every_symbol) { EXPECT_EQ(exchange_info_target(), "/api/v3/exchangeInfo"); }

}  // namespace
}  // namespace pricewatch::binance
