// Tests the exchanges' names, as configuration keys and (later) the API spell them.
#include "core/exchange.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

TEST(exchange_name, every_exchange_has_a_name_that_names_it_back) {
  ASSERT_EQ(all_exchanges().size(), 4u);
  for (const auto exchange : all_exchanges()) {
    EXPECT_EQ(exchange_named(exchange_name(exchange)), exchange) << exchange_name(exchange);
  }
  EXPECT_EQ(exchange_name(exchange_id::binance), "binance");
  EXPECT_EQ(exchange_name(exchange_id::binanceus), "binanceus");
  EXPECT_EQ(exchange_name(exchange_id::coinbase), "coinbase");
  EXPECT_EQ(exchange_name(exchange_id::kraken), "kraken");
}

TEST(exchange_named, knows_no_other_spelling) {
  for (const auto* name : {"", "Binance", "binance.us", "coinbasepro", "kraken ", "bitstamp"}) {
    EXPECT_FALSE(exchange_named(name)) << name;
  }
}

}  // namespace
}  // namespace pricewatch
