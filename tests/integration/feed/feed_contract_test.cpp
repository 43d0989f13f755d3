// The contract every exchange adapter keeps (DESIGN.md sections 5 and 11), run against the fake
// exchange speaking each exchange's own formats over real sockets on 127.0.0.1: trades arrive as
// ticks with exact prices, follow() subscribes and unsubscribes on the open connection, a dropped
// connection comes back and the wick it missed is reported from candles, REST prices stand in
// while the stream is down, garbage is counted and never a price, the instrument list names
// the exchange's symbols, and history is read from minute candles when asked for.
#include "feed_harness.hpp"

#include "eventually.hpp"
#include "json_checks.hpp"

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace pricewatch::feed_tests {
namespace {

using namespace std::chrono_literals;
using boost::json::value;
using test_support::eventually;
using test_support::member;

struct exchange_case {
  exchange_id exchange;
  std::string symbol;        // in the exchange's own form
  std::string other_symbol;
  std::string format;        // the fake's streams that speak its format: binance, coinbase, kraken
  std::string bad_trade;     // a trade message of its format whose price is not one
};

std::string name_on_stream(const exchange_case& item, const std::string& symbol) {
  if (item.format != "binance") return symbol;
  std::string lower;
  for (const char c : symbol) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower + "@aggTrade";
}

const std::vector<exchange_case> every_exchange{
    {exchange_id::binance, "BTCUSDT", "ETHUSDT", "binance",
     R"({"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":1,"s":"BTCUSDT","a":1,"p":"abc","q":"1","f":1,"l":1,"T":1,"m":true,"M":true}})"},
    {exchange_id::binanceus, "BTCUSD", "ETHUSD", "binance",
     R"({"stream":"btcusd@aggTrade","data":{"e":"aggTrade","E":1,"s":"BTCUSD","a":1,"p":"-5","q":"1","f":1,"l":1,"T":1,"m":true,"M":true}})"},
    {exchange_id::coinbase, "BTC-USD", "ETH-USD", "coinbase",
     R"({"type":"match","trade_id":999999,"sequence":999999999,"maker_order_id":"m","taker_order_id":"t","time":"2024-01-01T00:00:00Z","product_id":"BTC-USD","size":"1","price":"abc","side":"buy"})"},
    {exchange_id::kraken, "BTC/USD", "ETH/USD", "kraken",
     R"({"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","price":"50000","qty":1,"ord_type":"market","trade_id":999999,"timestamp":"2024-01-01T00:00:00Z"}]})"},
};

class feed_contract : public feed_test<exchange_case> {
 protected:
  void SetUp() override {
    start({"--symbol", item().symbol + "=50000", "--symbol", item().other_symbol + "=3000"});
  }

  value stream_state() { return control().stream_state(item().format); }

  // Follows the symbols and waits until the fake shows them subscribed.
  void follow(std::set<std::string> symbols) {
    feed_->follow(symbols);
    for (const auto& symbol : symbols) ASSERT_TRUE(control().wait_for_follow(item().format, name_on_stream(item(), symbol)));
  }

  bool wait_for_state(feed_state state) {
    return eventually([&] {
      const auto states = reports().states();
      return !states.empty() && states.back() == state;
    });
  }
};

TEST_P(feed_contract, trades_arrive_as_ticks_with_their_exact_prices) {
  follow({item().symbol});
  const auto before = std::chrono::system_clock::now();
  EXPECT_EQ(control().set_price(item().symbol, "9999999999.99999999"), 1);
  ASSERT_TRUE(wait_for_tick(item().symbol, "9999999999.99999999")) << "a price no double can hold";
  EXPECT_EQ(control().set_price(item().symbol, "0.00000001"), 1);
  ASSERT_TRUE(wait_for_tick(item().symbol, "0.00000001"));
  const auto last = reports().ticks().back();
  EXPECT_GE(last.trade_time, before - 1s) << "the trade's own time";
  EXPECT_LE(last.trade_time, std::chrono::system_clock::now());
  EXPECT_EQ(reports().unreadable(), 0);
  EXPECT_EQ(reports().states(), std::vector<feed_state>{feed_state::live});
}

TEST_P(feed_contract, follow_subscribes_and_unsubscribes_on_the_open_connection) {
  follow({item().symbol});
  const auto attempts = stream_number("connection_attempts");
  follow({item().symbol, item().other_symbol});
  feed_->follow({item().other_symbol});
  ASSERT_TRUE(control().wait_for_follow(item().format, name_on_stream(item(), item().symbol), false));
  EXPECT_TRUE(control().follows(item().format, name_on_stream(item(), item().other_symbol)));
  EXPECT_EQ(stream_number("connection_attempts"), attempts) << "reconnected instead of subscribing";
  EXPECT_EQ(stream_number("connections"), 1);
  EXPECT_EQ(control().set_price(item().other_symbol, "3100.5"), 1);
  EXPECT_TRUE(wait_for_tick(item().other_symbol, "3100.5"));
  EXPECT_EQ(control().set_price(item().symbol, "51000"), 0) << "no longer followed";
}

TEST_P(feed_contract, a_dropped_connection_comes_back_and_the_wick_it_missed_is_reported) {
  follow({item().symbol});
  EXPECT_EQ(control().set_price(item().symbol, "50000"), 1);
  ASSERT_TRUE(wait_for_tick(item().symbol, "50000"));
  const auto attempts = stream_number("connection_attempts");
  // The wick happens while nothing reaches the stream, then the connection drops.
  control().pause(true);
  control().pause_heartbeats(true);
  control().set_price(item().symbol, "42000.12345678");
  control().set_price(item().symbol, "58000.5");
  control().set_price(item().symbol, "50000");
  EXPECT_GE(control().drop(), 1);
  ASSERT_TRUE(eventually([&] { return stream_number("connection_attempts") > attempts && stream_number("connections") == 1; }))
      << boost::json::serialize(stream_state());
  control().pause_heartbeats(false);
  control().pause(false);
  ASSERT_TRUE(eventually([&] {
    const auto range = reports().gap_range(item().symbol);
    return range && range->first == price::parse("42000.12345678").value() &&
           range->second == price::parse("58000.5").value();
  })) << "the gap's candles carry the wick";
  EXPECT_TRUE(wait_for_state(feed_state::live));
  const auto states = reports().states();
  EXPECT_NE(std::find(states.begin(), states.end(), feed_state::down), states.end()) << "the drop was reported";
  EXPECT_FALSE(reports().has_tick(item().symbol, "42000.12345678")) << "the wick never came as a price";
}

// A moving alert's window starts with the exchange's candles of its length: the wick of a minute
// ago is in them, and reported as history, never as a price or a gap.
TEST_P(feed_contract, recall_reports_the_candles_of_the_history_asked_for) {
  follow({item().symbol});
  control().set_price(item().symbol, "50000");
  control().set_price(item().symbol, "43000.5");
  control().set_price(item().symbol, "50000");
  ASSERT_TRUE(wait_for_tick(item().symbol, "43000.5"));
  ASSERT_TRUE(wait_for_tick(item().symbol, "50000"));
  feed_->recall(item().symbol, system_wall_clock().now() - 5min);
  ASSERT_TRUE(eventually([&] {
    const auto range = reports().history_range(item().symbol);
    return range && range->first == price::parse("43000.5").value() && range->second == price::parse("50000").value();
  })) << "the history's candles carry the wick";
  for (const auto& stretch : reports().history()) {
    EXPECT_EQ(stretch.symbol, item().symbol);
    EXPECT_EQ(stretch.from.time_since_epoch() % std::chrono::minutes(1), time_point::duration::zero()) << "minute candles";
    EXPECT_LE(stretch.until - stretch.from, std::chrono::minutes(1)) << "the last ends now";
  }
  EXPECT_FALSE(reports().gap_range(item().symbol)) << "history is not a gap";
}

TEST_P(feed_contract, prices_come_from_rest_while_the_stream_is_down) {
  follow({item().symbol});
  ASSERT_TRUE(wait_for_state(feed_state::live));
  EXPECT_GE(control().stream_down(true), 1);
  ASSERT_TRUE(wait_for_state(feed_state::down));
  EXPECT_EQ(control().set_price(item().symbol, "43210.98765432"), 0) << "no stream to reach";
  EXPECT_TRUE(wait_for_tick(item().symbol, "43210.98765432")) << "polled from the REST ticker";
  const auto requests = member(control().state(), "rest_requests");
  EXPECT_FALSE(requests.as_object().empty()) << boost::json::serialize(requests);
  control().stream_down(false);
  EXPECT_TRUE(wait_for_state(feed_state::live));
}

TEST_P(feed_contract, garbage_is_counted_unreadable_and_never_a_price) {
  follow({item().symbol});
  const auto ticks = reports().ticks().size();
  EXPECT_EQ(control().garbage("{oops"), 1);
  EXPECT_EQ(control().garbage(item().bad_trade), 1);
  EXPECT_TRUE(eventually([&] { return reports().unreadable() == 2; })) << reports().unreadable();
  EXPECT_EQ(reports().ticks().size(), ticks);
  EXPECT_EQ(control().set_price(item().symbol, "50500.5"), 1);
  EXPECT_TRUE(wait_for_tick(item().symbol, "50500.5")) << "the connection lives on";
}

TEST_P(feed_contract, the_instrument_list_names_the_exchanges_symbols) {
  const auto symbols = feed_->instruments();
  ASSERT_TRUE(symbols) << symbols.error().message;
  EXPECT_TRUE(symbols->contains(item().symbol));
  EXPECT_TRUE(symbols->contains(item().other_symbol));
  EXPECT_FALSE(symbols->contains("NOPE-USD"));
}

INSTANTIATE_TEST_SUITE_P(every_exchange, feed_contract, ::testing::ValuesIn(every_exchange),
                         exchange_test_name<exchange_case>);

}  // namespace
}  // namespace pricewatch::feed_tests
