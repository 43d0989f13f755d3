// Tests the rules of an alert's symbol and target price.
#include "alerts/alert_rules.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pricewatch {
namespace {

TEST(validate_symbol, accepts_exchange_pair_names) {
  for (const std::string& text : std::vector<std::string>{"BTCUSDT", "ETHBTC", "AB", "1INCHUSDT", std::string(20, 'X')}) {
    const auto valid = validate_symbol(text);
    ASSERT_TRUE(valid) << text;
    EXPECT_EQ(*valid, text);
  }
}

TEST(validate_symbol, refuses_anything_else) {
  for (const std::string& text : std::vector<std::string>{"btcusdt", "BTCusdt", "B", "", std::string(21, 'X'), "BTC-USDT", "BTC USDT", "BTCÜSDT"}) {
    const auto valid = validate_symbol(text);
    ASSERT_FALSE(valid) << text;
    EXPECT_EQ(valid.error().code, errc::validation_failed);
    EXPECT_EQ(valid.error().message, "Symbol must be 2 to 20 upper-case letters or digits, such as BTCUSDT.");
  }
}

TEST(validate_target, accepts_positive_prices) {
  const auto smallest = validate_target(price::from_units(1));
  ASSERT_TRUE(smallest);
  EXPECT_EQ(smallest->units(), 1);
  EXPECT_TRUE(validate_target(price::from_units(price::max_units)));
}

TEST(validate_target, refuses_zero_and_negative_prices) {
  for (const std::int64_t units : {std::int64_t{0}, std::int64_t{-1}}) {
    const auto valid = validate_target(price::from_units(units));
    ASSERT_FALSE(valid) << units;
    EXPECT_EQ(valid.error().code, errc::validation_failed);
    EXPECT_EQ(valid.error().message, "Price must be positive.");
  }
}

}  // namespace
}  // namespace pricewatch
