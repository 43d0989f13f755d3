// Tests the watcher's firing (DESIGN.md 4, 5), ported from the end-to-end firing tests: only the
// alerts a price crosses fire, once, at the right price; deleted alerts and bad prices fire nothing.
#include "watcher_fixture.hpp"

namespace pricewatch {
namespace {

using namespace std::chrono_literals;
using ids = std::vector<std::int64_t>;

TEST_F(watcher_test, fires_only_the_crossed_alerts_of_several_users_and_symbols_once) {
  const auto alice_btc_above = above(alice, "BTCUSDT", "51000");
  const auto alice_btc_below = below(alice, "BTCUSDT", "49000");
  const auto alice_eth_above = above(alice, "ETHUSDT", "3000");
  const auto bob_btc_above = above(bob, "BTCUSDT", "52000");
  const auto bob_eth_below = below(bob, "ETHUSDT", "2500");
  const auto bob_eth_lower = below(bob, "ETHUSDT", "2450");
  start();
  ASSERT_TRUE(feed().started);
  EXPECT_EQ(feed().followed, (std::set<std::string>{"BTCUSDT", "ETHUSDT"}));
  cache.put(alice, "/api/v1/alerts", "cached");
  cache.put(bob, "/api/v1/alerts", "cached");

  tick("BTCUSDT", "51000.5");
  tick("ETHUSDT", "2480");
  EXPECT_EQ(fired_ids(), (ids{alice_btc_above, bob_eth_below}));
  EXPECT_EQ(status(alice, alice_btc_above), alert_status::triggered);
  EXPECT_EQ(triggered_price(alice, alice_btc_above), "51000.5");
  EXPECT_EQ(store.find(alice, alice_btc_above)->triggered_at, clock().now());
  EXPECT_EQ(triggered_price(bob, bob_eth_below), "2480");
  for (const auto& [owner, id] : {std::pair{alice, alice_btc_below}, std::pair{alice, alice_eth_above},
                                  std::pair{bob, bob_btc_above}, std::pair{bob, bob_eth_lower}}) {
    EXPECT_EQ(status(owner, id), alert_status::created) << "alert " << id;
  }
  // A firing makes the owner's next list fresh.
  EXPECT_EQ(cache.get(alice, "/api/v1/alerts"), std::nullopt);
  EXPECT_EQ(cache.get(bob, "/api/v1/alerts"), std::nullopt);
  ASSERT_EQ(fired_batches.size(), 2u);
  EXPECT_EQ(fired_batches[0][0].user_id, alice);
  EXPECT_EQ(fired_batches[0][0].triggered_price.to_string(), "51000.5");

  // Prices that cross the fired alerts again: only the two others fire, and nothing fires twice.
  tick("BTCUSDT", "52000");
  tick("ETHUSDT", "2400");
  EXPECT_EQ(fired_ids(), (ids{alice_btc_above, bob_eth_below, bob_btc_above, bob_eth_lower}));
  EXPECT_EQ(triggered_price(bob, bob_btc_above), "52000");
  EXPECT_EQ(triggered_price(bob, bob_eth_lower), "2400");
  EXPECT_EQ(status(alice, alice_btc_below), alert_status::created);
  EXPECT_EQ(status(alice, alice_eth_above), alert_status::created);
  EXPECT_EQ(board.counters().fired.load(), 4u);
  EXPECT_EQ(board.counters().ticks.load(), 4u);
  EXPECT_EQ(store.fire_calls, (std::vector<std::size_t>{1, 1, 1, 1}));
}

TEST_F(watcher_test, fires_above_and_below_alerts_at_a_price_equal_to_their_target) {
  start();
  const auto up = above(alice, "BTCUSDT", "50000");
  const auto down = below(alice, "BTCUSDT", "50000.00");
  const auto just_above = above(alice, "BTCUSDT", "50000.00000001");
  const auto just_below = below(alice, "BTCUSDT", "49999.99999999");

  tick("BTCUSDT", "50000");
  EXPECT_EQ(fired_ids(), (ids{up, down}));
  EXPECT_EQ(triggered_price(alice, up), "50000");
  EXPECT_EQ(triggered_price(alice, down), "50000");
  // One price fires its alerts together, in one batch: the two that it misses by 1e-8 stay.
  EXPECT_EQ(fired_batches.size(), 1u);
  EXPECT_EQ(status(alice, just_above), alert_status::created);
  EXPECT_EQ(status(alice, just_below), alert_status::created);
}

TEST_F(watcher_test, fires_an_alert_whose_condition_already_holds_on_the_next_price) {
  const auto keeper = above(alice, "BTCUSDT", "90000");
  start();
  tick("BTCUSDT", "51000");
  EXPECT_EQ(board.find("BTCUSDT")->value.to_string(), "51000");
  EXPECT_EQ(priced, std::vector<std::string>{"BTCUSDT 51000"});

  const auto up = above(alice, "BTCUSDT", "50000");
  const auto down = below(alice, "BTCUSDT", "60000");
  EXPECT_TRUE(fired_ids().empty()) << "an alert fires on a price, not when it is made";
  tick("BTCUSDT", "51000");
  EXPECT_EQ(fired_ids(), (ids{up, down}));
  EXPECT_EQ(triggered_price(alice, up), "51000");
  EXPECT_EQ(triggered_price(alice, down), "51000");
  EXPECT_EQ(status(alice, keeper), alert_status::created);
}

TEST_F(watcher_test, never_fires_a_deleted_alert) {
  const auto doomed = above(alice, "BTCUSDT", "51000");
  start();
  const auto survivor = above(bob, "BTCUSDT", "51500");
  remove(alice, doomed);

  tick("BTCUSDT", "52000");
  EXPECT_EQ(fired_ids(), ids{survivor});
  EXPECT_EQ(status(alice, doomed), alert_status::deleted);
  EXPECT_EQ(store.find(alice, doomed)->triggered_at, std::nullopt);
  EXPECT_EQ(store.fire_calls, std::vector<std::size_t>{1}) << "the deleted alert never reached the database";
  EXPECT_EQ(board.counters().fired.load(), 1u);
}

TEST_F(watcher_test, ignores_unreadable_non_positive_and_stale_prices) {
  const auto high = above(alice, "BTCUSDT", "60000");
  const auto low = below(alice, "BTCUSDT", "40000");
  start();
  feed().unreadable();
  feed().unreadable();
  tick("BTCUSDT", "-39000");
  tick("BTCUSDT", "0.00000000");
  tick("BTCUSDT", "61000", 60s);
  tick("BTCUSDT", "39000", 31s);
  tick("BTCUSDT", "39000", -60s);  // from a clock far ahead
  tick("BTCUSDT", "39000", 30s);   // exactly as old as allowed: accepted
  const auto& counters = board.counters();
  EXPECT_EQ(counters.malformed.load(), 2u);
  EXPECT_EQ(counters.non_positive.load(), 2u);
  EXPECT_EQ(counters.stale.load(), 3u);
  EXPECT_EQ(counters.ticks.load(), 1u);
  EXPECT_EQ(fired_ids(), ids{low});
  EXPECT_EQ(triggered_price(alice, low), "39000");
  EXPECT_EQ(status(alice, high), alert_status::created);
  EXPECT_EQ(priced, std::vector<std::string>{"BTCUSDT 39000"}) << "a bad price reached the price hook";

  // A sound price after all that fires, at its own value.
  tick("BTCUSDT", "60500");
  EXPECT_EQ(fired_ids(), (ids{low, high}));
  EXPECT_EQ(triggered_price(alice, high), "60500");
}

TEST_F(watcher_test, keeps_a_bad_price_off_the_price_board) {
  above(alice, "BTCUSDT", "60000");
  start();
  tick("BTCUSDT", "0");
  tick("BTCUSDT", "61000", 31s);
  EXPECT_EQ(board.find("BTCUSDT"), std::nullopt);
  EXPECT_TRUE(priced.empty());
}

TEST_F(watcher_test, counts_a_price_of_a_symbol_nobody_watches_and_fires_nothing) {
  above(alice, "BTCUSDT", "1");
  start();
  tick("XRPUSDT", "0.5");
  EXPECT_EQ(board.counters().unwatched.load(), 1u);
  EXPECT_EQ(board.find("XRPUSDT")->value.to_string(), "0.5");
  EXPECT_TRUE(fired_ids().empty());
}

}  // namespace
}  // namespace pricewatch
