// What the exchanges with heartbeats and trade ids (Coinbase Exchange, Kraken) add to the
// contract, against the fake speaking their formats on 127.0.0.1: heartbeats keep a quiet stream
// alive and their absence makes the adapter reconnect; trades the stream skipped (their ids
// jump) are read from candles without a reconnect; a symbol the exchange refuses is set aside
// without stopping the others; Kraken's maintenance status is waited out.
#include "feed_harness.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace pricewatch::feed_tests {
namespace {

using namespace std::chrono_literals;
using test_support::eventually;

struct exchange_case {
  exchange_id exchange;
  std::string symbol;
  std::string unknown_symbol;
  std::string format;
};

class heartbeat_exchange : public feed_test<exchange_case> {
 protected:
  void SetUp() override { start({"--symbol", item().symbol + "=50000"}); }

  void follow(std::set<std::string> symbols) {
    feed_->follow(std::move(symbols));
    ASSERT_TRUE(control().wait_for_follow(item().format, item().symbol));
  }

  bool wait_for_tick(const std::string& price) { return feed_test::wait_for_tick(item().symbol, price); }
};

TEST_P(heartbeat_exchange, heartbeats_keep_a_quiet_stream_alive_and_their_absence_reconnects) {
  follow({item().symbol});
  const auto attempts = stream_number("connection_attempts");
  const auto beats = stream_number("heartbeats_sent");
  // Four heartbeats a second apart: twice the 2 s the adapter waits for one.
  ASSERT_TRUE(eventually([&] { return stream_number("heartbeats_sent") >= beats + 4; }));
  EXPECT_EQ(stream_number("connection_attempts"), attempts) << "a stream with heartbeats is alive";
  EXPECT_EQ(reports().states(), std::vector<feed_state>{feed_state::live});

  control().pause_heartbeats(true);
  ASSERT_TRUE(eventually([&] { return stream_number("connection_attempts") > attempts; }))
      << "a silent stream is replaced";
  const auto states = reports().states();
  EXPECT_NE(std::find(states.begin(), states.end(), feed_state::down), states.end());
  control().pause_heartbeats(false);
  ASSERT_TRUE(control().wait_for_follow(item().format, item().symbol));
  EXPECT_EQ(control().set_price(item().symbol, "50100"), 1);
  EXPECT_TRUE(wait_for_tick("50100"));
}

TEST_P(heartbeat_exchange, trades_the_stream_skipped_are_read_from_candles_without_a_reconnect) {
  follow({item().symbol});
  EXPECT_EQ(control().set_price(item().symbol, "50000"), 1);
  ASSERT_TRUE(wait_for_tick("50000"));
  const auto attempts = stream_number("connection_attempts");
  control().set_unsent_price(item().symbol, "41000.5");
  EXPECT_EQ(control().set_price(item().symbol, "50001"), 1);
  ASSERT_TRUE(wait_for_tick("50001"));
  ASSERT_TRUE(eventually([&] {
    const auto range = reports().gap_range(item().symbol);
    return range && range->first == price::parse("41000.5").value();
  })) << "the skipped trade's wick, from candles";
  EXPECT_EQ(stream_number("connection_attempts"), attempts);
  EXPECT_EQ(reports().states(), std::vector<feed_state>{feed_state::live});
}

TEST_P(heartbeat_exchange, a_symbol_the_exchange_refuses_does_not_stop_the_others) {
  feed_->follow({item().symbol, item().unknown_symbol});
  ASSERT_TRUE(control().wait_for_follow(item().format, item().symbol));
  EXPECT_FALSE(control().follows(item().format, item().unknown_symbol));
  EXPECT_EQ(control().set_price(item().symbol, "50200.25"), 1);
  EXPECT_TRUE(wait_for_tick("50200.25"));
  EXPECT_EQ(stream_number("connection_attempts"), 1);
  EXPECT_EQ(reports().unreadable(), 0);
}

INSTANTIATE_TEST_SUITE_P(with_heartbeats, heartbeat_exchange,
                         ::testing::Values(exchange_case{exchange_id::coinbase, "BTC-USD", "NOPE-USD", "coinbase"},
                                           exchange_case{exchange_id::kraken, "BTC/USD", "NOPE/USD", "kraken"}),
                         exchange_test_name<exchange_case>);

using coinbase_feed = heartbeat_exchange;

TEST_P(coinbase_feed, a_heartbeat_that_counts_more_trades_than_arrived_shows_a_gap) {
  follow({item().symbol});
  ASSERT_TRUE(wait_for_tick("50000")) << "the last_match on subscribing";
  control().set_unsent_price(item().symbol, "39000.75");
  ASSERT_TRUE(eventually([&] {
    const auto range = reports().gap_range(item().symbol);
    return range && range->first == price::parse("39000.75").value();
  })) << "read from candles after the next heartbeat, with no trade to reveal it";
  EXPECT_FALSE(reports().has_tick(item().symbol, "39000.75"));
}

INSTANTIATE_TEST_SUITE_P(coinbase, coinbase_feed,
                         ::testing::Values(exchange_case{exchange_id::coinbase, "BTC-USD", "NOPE-USD", "coinbase"}));

using kraken_feed = heartbeat_exchange;

TEST_P(kraken_feed, maintenance_is_waited_out_on_the_open_connection) {
  follow({item().symbol});
  EXPECT_EQ(control().kraken_status("maintenance"), 1);
  const auto beats = stream_number("heartbeats_sent");
  ASSERT_TRUE(eventually([&] { return stream_number("heartbeats_sent") >= beats + 2; }));
  EXPECT_EQ(control().kraken_status("online"), 1);
  EXPECT_EQ(stream_number("connection_attempts"), 1) << "no reconnect";
  EXPECT_EQ(control().set_price(item().symbol, "50300"), 1);
  EXPECT_TRUE(wait_for_tick("50300"));
}

INSTANTIATE_TEST_SUITE_P(kraken, kraken_feed,
                         ::testing::Values(exchange_case{exchange_id::kraken, "BTC/USD", "NOPE/USD", "kraken"}));

}  // namespace
}  // namespace pricewatch::feed_tests
