// Tests that a watcher is one exchange's: it loads, hears of and fires only that exchange's
// alerts, and follows nothing (its feed opens no connection) while that exchange has none.
#include "watcher_fixture.hpp"

namespace pricewatch {
namespace {

using ids = std::vector<std::int64_t>;
using symbols = std::set<std::string>;

alert_request on(exchange_id exchange, std::string symbol, std::string_view target) {
  auto request = level_request(std::move(symbol), alert_condition::above, *price::parse(target));
  request.exchange = exchange;
  return request;
}

watcher_config of(exchange_id exchange) {
  watcher_config config;
  config.feed.exchange = exchange;
  return config;
}

TEST_F(watcher_test, a_watcher_takes_only_its_exchanges_alerts_loaded_or_heard) {
  const auto kraken_early = create(alice, on(exchange_id::kraken, "BTC/USD", "60000"));
  create(alice, on(exchange_id::binance, "BTCUSDT", "60000"));
  create(alice, on(exchange_id::coinbase, "BTC-USD", "60000"));
  start(of(exchange_id::kraken));
  EXPECT_EQ(feed().followed, symbols{"BTC/USD"});
  const auto kraken_late = create(alice, on(exchange_id::kraken, "ETH/USD", "3000"));
  create(alice, on(exchange_id::binance, "ETHUSDT", "3000"));
  EXPECT_EQ(feed().followed, (symbols{"BTC/USD", "ETH/USD"}));
  EXPECT_EQ(board.counters().active_alerts.load(), 2);

  tick("BTC/USD", "61000");
  tick("ETH/USD", "3100");
  EXPECT_EQ(fired_ids(), (ids{kraken_early, kraken_late}));
  EXPECT_EQ(priced, (std::vector<std::string>{"BTC/USD 61000", "ETH/USD 3100"}));
}

TEST_F(watcher_test, a_watcher_whose_exchange_has_no_alert_follows_nothing) {
  create(alice, on(exchange_id::binance, "BTCUSDT", "60000"));
  start(of(exchange_id::coinbase));
  EXPECT_TRUE(feed().followed.empty()) << "an exchange with no active alert is not connected";
  const auto coinbase = create(alice, on(exchange_id::coinbase, "BTC-USD", "60000"));
  EXPECT_EQ(feed().followed, symbols{"BTC-USD"});
  remove(alice, coinbase);
  EXPECT_TRUE(feed().followed.empty());
}

TEST_F(watcher_test, another_exchanges_deletion_of_the_same_symbol_leaves_this_watchers_alert) {
  const auto binance = create(alice, on(exchange_id::binance, "BTCUSDT", "60000"));
  start(of(exchange_id::binanceus));
  const auto binanceus = create(alice, on(exchange_id::binanceus, "BTCUSDT", "60000"));
  remove(alice, binance);
  EXPECT_EQ(feed().followed, symbols{"BTCUSDT"});
  tick("BTCUSDT", "60001");
  EXPECT_EQ(fired_ids(), ids{binanceus});
}

}  // namespace
}  // namespace pricewatch
