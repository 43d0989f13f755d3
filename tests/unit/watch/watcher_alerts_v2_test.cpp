// Tests the watcher with the alerts of DESIGN.md section 9: a recurring alert fires each time its
// condition begins to hold anew and never within its cooldown, a cooldown that ends fires what is
// still due without waiting for a trade, a change (PATCH, pause, resume) takes effect at once, and
// an alert past its expiry neither fires nor stays active, and a moving alert's window starts with
// the exchange's history.
#include "watcher_fixture.hpp"

namespace pricewatch {
namespace {

using namespace std::chrono_literals;
using ids = std::vector<std::int64_t>;

alert_request recurring(std::string symbol, alert_condition condition, std::string_view target,
                        std::chrono::seconds cooldown) {
  auto request = level_request(std::move(symbol), condition, *price::parse(target));
  request.frequency = alert_frequency::every_time;
  request.cooldown = cooldown;
  return request;
}

TEST_F(watcher_test, a_recurring_alert_fires_each_time_it_begins_to_hold_and_stays_active) {
  start();
  const auto id = create(alice, recurring("BTCUSDT", alert_condition::above, "100", 60s));
  tick("BTCUSDT", "101");
  tick("BTCUSDT", "102");
  EXPECT_EQ(fired_ids(), ids{id}) << "it still held: not a new beginning";
  tick("BTCUSDT", "99");
  advance(61s);
  tick("BTCUSDT", "100.5");
  EXPECT_EQ(fired_ids(), (ids{id, id}));
  ASSERT_EQ(fired_batches.size(), 2u);
  EXPECT_EQ(fired_batches[0][0].sequence, 1);
  EXPECT_EQ(fired_batches[1][0].sequence, 2);
  EXPECT_FALSE(fired_batches[1][0].final);
  const auto stored = store.find(alice, id);
  EXPECT_EQ(stored->status, alert_status::created);
  EXPECT_EQ(stored->fire_count, 2);
  EXPECT_EQ(stored->triggered_price->to_string(), "101") << "the first firing stays the alert's own";
  EXPECT_EQ(stored->last_fired_price->to_string(), "100.5");
  EXPECT_EQ(stored->last_fired_at, clock().now());
  EXPECT_EQ(store.count_firings(firing_filter{alice, id, std::nullopt, std::nullopt}), 2);
}

TEST_F(watcher_test, a_crossing_within_the_cooldown_fires_when_it_ends_if_it_still_holds_without_a_trade) {
  start();
  const auto id = create(alice, recurring("BTCUSDT", alert_condition::above, "100", 60s));
  tick("BTCUSDT", "101");
  const auto first_firing = clock().now();
  advance(10s);
  tick("BTCUSDT", "99");
  tick("BTCUSDT", "105");
  EXPECT_EQ(fired_ids(), ids{id}) << "within the cooldown";
  advance(49s);
  EXPECT_EQ(fired_ids(), ids{id});
  advance(1s);
  EXPECT_EQ(fired_ids(), (ids{id, id})) << "the cooldown ended and the price still holds: no trade needed";
  const auto stored = store.find(alice, id);
  EXPECT_EQ(stored->last_fired_price->to_string(), "105") << "at the last price";
  EXPECT_GE(*stored->last_fired_at, first_firing + 60s);
}

TEST_F(watcher_test, a_crossing_within_the_cooldown_that_no_longer_holds_when_it_ends_fires_nothing) {
  start();
  const auto id = create(alice, recurring("BTCUSDT", alert_condition::above, "100", 60s));
  tick("BTCUSDT", "101");
  advance(10s);
  tick("BTCUSDT", "99");
  tick("BTCUSDT", "105");
  tick("BTCUSDT", "98");
  advance(60s);
  EXPECT_EQ(fired_ids(), ids{id});
}

TEST_F(watcher_test, a_second_watcher_handing_in_the_same_firing_is_refused_by_the_cooldown) {
  start();
  const auto id = create(alice, recurring("BTCUSDT", alert_condition::above, "100", 60s));
  // Another watcher saw the trade first and recorded it.
  const firing theirs[] = {{id, *price::parse("101"), clock().now()}};
  ASSERT_EQ(store.fire(theirs, clock().now()).size(), 1u);
  tick("BTCUSDT", "101");
  EXPECT_TRUE(fired_ids().empty()) << "the same trade: one firing";
  EXPECT_EQ(store.find(alice, id)->fire_count, 1);
}

TEST_F(watcher_test, a_changed_alert_is_watched_as_changed_at_once) {
  start();
  const auto id = above(alice, "BTCUSDT", "100");
  change(alice, id, level_request("BTCUSDT", alert_condition::above, *price::parse("200")), alert_status::created);
  tick("BTCUSDT", "150");
  EXPECT_TRUE(fired_ids().empty()) << "the old target no longer counts";
  change(alice, id, level_request("ETHUSDT", alert_condition::below, *price::parse("2000")), alert_status::created);
  EXPECT_EQ(feed().followed, std::set<std::string>{"ETHUSDT"});
  tick("BTCUSDT", "300");
  EXPECT_TRUE(fired_ids().empty()) << "it left BTCUSDT's book";
  tick("ETHUSDT", "1999");
  EXPECT_EQ(fired_ids(), ids{id});
}

TEST_F(watcher_test, a_paused_alert_fires_nothing_until_it_is_resumed) {
  start();
  const auto id = above(alice, "BTCUSDT", "100");
  const auto request = request_of(*store.find(alice, id));
  change(alice, id, request, alert_status::paused);
  EXPECT_TRUE(feed().followed.empty()) << "nothing left to watch";
  tick("BTCUSDT", "150");
  EXPECT_TRUE(fired_ids().empty());
  change(alice, id, request, alert_status::created);
  tick("BTCUSDT", "151");
  EXPECT_EQ(fired_ids(), ids{id});
  EXPECT_EQ(status(alice, id), alert_status::triggered);
}

TEST_F(watcher_test, an_alert_past_its_expiry_never_fires_and_becomes_expired) {
  watcher_config config;
  config.expiry_interval = 5s;
  start(config);
  auto request = level_request("BTCUSDT", alert_condition::above, *price::parse("100"));
  request.expires_at = clock().now() + 1s;
  const auto id = create(alice, request);
  advance(2s);
  tick("BTCUSDT", "150");
  EXPECT_TRUE(fired_ids().empty()) << "past its expiry, even before the watcher expired it";
  EXPECT_EQ(status(alice, id), alert_status::created);
  advance(3s);
  ASSERT_EQ(expired_batches.size(), 1u);
  ASSERT_EQ(expired_batches[0].size(), 1u);
  EXPECT_EQ(expired_batches[0][0].id, id);
  EXPECT_EQ(expired_batches[0][0].status, alert_status::expired);
  EXPECT_EQ(status(alice, id), alert_status::expired);
}

TEST_F(watcher_test, expiry_tries_again_next_period_when_the_database_fails) {
  watcher_config config;
  config.expiry_interval = 5s;
  start(config);
  auto request = level_request("BTCUSDT", alert_condition::above, *price::parse("100"));
  request.expires_at = clock().now() + 1s;
  const auto id = create(alice, request);
  store.refusing_expire = true;
  advance(5s);
  EXPECT_EQ(store.expire_calls.size(), 1u);
  EXPECT_TRUE(expired_batches.empty());
  store.refusing_expire = false;
  advance(5s);
  EXPECT_EQ(store.expire_calls.size(), 2u);
  ASSERT_EQ(expired_batches.size(), 1u);
  EXPECT_EQ(status(alice, id), alert_status::expired);
}

alert_request moving(std::string symbol, alert_condition condition, std::int32_t percent_bp, move_window window) {
  alert_request request;
  request.symbol = std::move(symbol);
  request.condition = condition;
  request.percent_bp = percent_bp;
  request.window = window;
  return request;
}

// A moving alert sees its whole window at once (DESIGN.md section 9): the watcher asks the feed
// for the window's candles, and a move that began before the alert fires at the next price.
TEST_F(watcher_test, a_moving_alert_asks_for_its_windows_history_and_a_move_before_it_counts) {
  create(alice, moving("ETHUSDT", alert_condition::moving_up, 500, move_window::m15));
  start();
  ASSERT_EQ(feed().recalled.size(), 1u);
  EXPECT_EQ(feed().recalled[0].first, "ETHUSDT");
  EXPECT_EQ(feed().recalled[0].second, clock().now() - std::chrono::seconds(15 * 60 + 1));
  feed().history("ETHUSDT", "2000", "2010", clock().now() - 10min, clock().now() - 9min);
  EXPECT_TRUE(fired_ids().empty()) << "history fires nothing itself";
  tick("ETHUSDT", "2099");
  EXPECT_TRUE(fired_ids().empty());
  tick("ETHUSDT", "2100");
  EXPECT_EQ(fired_ids().size(), 1u) << "5 % over the low of ten minutes ago";
  create(bob, moving("ETHUSDT", alert_condition::moving_down, 500, move_window::m5));
  EXPECT_EQ(feed().recalled.size(), 2u) << "a new window, again";
  create(bob, moving("ETHUSDT", alert_condition::moving_down, 900, move_window::m5));
  EXPECT_EQ(feed().recalled.size(), 2u) << "the window is kept: no history read again";
}

}  // namespace
}  // namespace pricewatch
