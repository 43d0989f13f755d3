// Tests what the watcher does with its feed, ported from the end-to-end feed and symbols tests:
// it follows exactly the symbols with active alerts (of its own symbols only), fires what a gap's
// wick crossed at the extreme that crossed, and shows the feed's state on the price board.
#include "watcher_fixture.hpp"

namespace pricewatch {
namespace {

using namespace std::chrono_literals;
using ids = std::vector<std::int64_t>;
using symbols = std::set<std::string>;

TEST_F(watcher_test, follows_the_symbols_of_active_alerts_as_they_come_and_go) {
  const auto keeper = above(alice, "BTCUSDT", "90000");
  start();
  EXPECT_EQ(feed().followed, symbols{"BTCUSDT"});
  const auto eth = above(alice, "ETHUSDT", "4000");
  EXPECT_EQ(feed().followed, (symbols{"BTCUSDT", "ETHUSDT"}));

  tick("ETHUSDT", "4100");
  EXPECT_EQ(fired_ids(), ids{eth});
  // Its only alert fired: the symbol is no longer followed, the other one still is.
  EXPECT_EQ(feed().followed, symbols{"BTCUSDT"});

  const auto sol = below(alice, "SOLUSDT", "100");
  EXPECT_EQ(feed().followed, (symbols{"BTCUSDT", "SOLUSDT"}));
  remove(alice, sol);
  EXPECT_EQ(feed().followed, symbols{"BTCUSDT"});
  EXPECT_EQ(board.counters().active_alerts.load(), 1);
  EXPECT_EQ(status(alice, keeper), alert_status::created);
}

TEST_F(watcher_test, a_watcher_of_some_symbols_follows_and_fires_only_those) {
  const auto btc_early = above(alice, "BTCUSDT", "51000");
  watcher_config config;
  config.symbols = {"ETHUSDT", "SOLUSDT"};
  start(config);
  const auto eth = above(alice, "ETHUSDT", "3000");
  const auto btc = above(alice, "BTCUSDT", "51000");
  const auto sol = below(alice, "SOLUSDT", "100");
  // BTCUSDT is another watcher's: never followed here, even with active alerts.
  EXPECT_EQ(feed().followed, (symbols{"ETHUSDT", "SOLUSDT"}));
  EXPECT_EQ(board.counters().active_alerts.load(), 2);

  tick("BTCUSDT", "52000");
  tick("ETHUSDT", "3000");
  tick("SOLUSDT", "99");
  EXPECT_EQ(fired_ids(), (ids{eth, sol}));
  EXPECT_EQ(status(alice, btc), alert_status::created);
  EXPECT_EQ(status(alice, btc_early), alert_status::created);
}

TEST_F(watcher_test, fires_the_alerts_a_wick_crossed_while_the_feed_was_down) {
  const auto up = above(alice, "BTCUSDT", "52000");
  const auto down = below(alice, "BTCUSDT", "50000");
  const auto beyond = above(alice, "BTCUSDT", "53000");
  const auto under = below(alice, "BTCUSDT", "49000");
  start();
  feed().state(feed_state::live);
  tick("BTCUSDT", "51000");
  feed().state(feed_state::down);
  run();
  EXPECT_FALSE(board.live());

  // The wick happened while the feed saw nothing; it reports the gap's stretches once back.
  const auto gap_start = clock().now();
  advance(5s);
  feed().state(feed_state::live);
  feed().gap("BTCUSDT", "50500", "52500", gap_start, gap_start + 1s);
  feed().gap("BTCUSDT", "49500", "51000", gap_start + 1s, gap_start + 2s);
  run();
  EXPECT_EQ(fired_ids(), (ids{up, down}));
  EXPECT_EQ(triggered_price(alice, up), "52500");
  EXPECT_EQ(triggered_price(alice, down), "49500");
  EXPECT_EQ(status(alice, beyond), alert_status::created);
  EXPECT_EQ(status(alice, under), alert_status::created);
  EXPECT_EQ(board.counters().gap_fills.load(), 2u);
  EXPECT_EQ(board.counters().reconnects.load(), 1u);
  EXPECT_TRUE(board.live());

  // Once more over both fired targets and the sentinel: each alert fired exactly once.
  tick("BTCUSDT", "53000");
  EXPECT_EQ(fired_ids(), (ids{up, down, beyond}));
  EXPECT_EQ(status(alice, under), alert_status::created);
}

TEST_F(watcher_test, a_gap_fires_no_alert_made_after_its_stretch_and_ignores_unwatched_symbols) {
  start();
  const auto stretch_end = clock().now();
  advance(1s);
  const auto young = above(alice, "BTCUSDT", "52000");
  feed().gap("BTCUSDT", "50000", "53000", stretch_end - 1s, stretch_end);
  feed().gap("XRPUSDT", "0.1", "0.9", stretch_end - 1s, stretch_end);
  run();
  EXPECT_TRUE(fired_ids().empty()) << "the wick predates the alert";
  EXPECT_EQ(board.counters().gap_fills.load(), 1u) << "only stretches of watched symbols count";
  tick("BTCUSDT", "52000");
  EXPECT_EQ(fired_ids(), ids{young});
}

TEST_F(watcher_test, shows_the_feed_state_on_the_price_board) {
  EXPECT_FALSE(board.watching());
  start();
  EXPECT_TRUE(board.watching()) << "alerts loaded";
  EXPECT_FALSE(board.live()) << "a feed starts down";
  feed().state(feed_state::live);
  EXPECT_TRUE(board.live());
  feed().state(feed_state::down);
  EXPECT_FALSE(board.live());
  feed().state(feed_state::live);
  feed().state(feed_state::down);
  EXPECT_EQ(board.counters().reconnects.load(), 2u);
  EXPECT_EQ(board.max_staleness(), 30s);
}

TEST_F(watcher_test, stop_stops_the_feed_and_every_wait) {
  above(alice, "BTCUSDT", "51000");
  watcher_config config;
  config.reconcile_interval = 30s;
  start(config);
  store.refusing_fire = true;
  tick("BTCUSDT", "52000");
  EXPECT_EQ(timers().waiting(), 4u) << "the reconcile period, the cooldown tick, the expiry period and the firing's retry";
  stop();
  EXPECT_TRUE(feed().stopped);
  EXPECT_EQ(store.fire_calls.size(), 2u) << "a cancelled retry tries once more at once";
  advance(1h);
  EXPECT_EQ(store.loads, 1) << "no reconcile after stop";
}

}  // namespace
}  // namespace pricewatch
