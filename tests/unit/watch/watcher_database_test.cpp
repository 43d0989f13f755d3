// Tests the watcher against its database: exactly-once batches, firings kept while the database
// refuses them, the first load retried until it answers, changes heard during and around a read
// (out of order, as scaled-out api processes send them), and reconciling.
#include "watcher_fixture.hpp"

namespace pricewatch {
namespace {

using namespace std::chrono_literals;
using ids = std::vector<std::int64_t>;

TEST_F(watcher_test, fires_in_batches_of_at_most_max_batch_each_alert_once) {
  ids made;
  for (int index = 0; index < 5; ++index) made.push_back(above(alice, "BTCUSDT", std::to_string(100 + index)));
  watcher_config config;
  config.max_batch = 2;
  start(config);
  tick("BTCUSDT", "200");
  EXPECT_EQ(store.fire_calls, (std::vector<std::size_t>{2, 2, 1}));
  ASSERT_EQ(fired_batches.size(), 3u);
  EXPECT_EQ(fired_ids(), made) << "lowest target first, each once";
  tick("BTCUSDT", "300");
  EXPECT_EQ(store.fire_calls.size(), 3u) << "fired alerts left the engine";
  EXPECT_EQ(board.counters().fired.load(), 5u);
}

TEST_F(watcher_test, keeps_fired_alerts_until_the_database_accepts_them_then_records_each_once) {
  const auto first = above(alice, "BTCUSDT", "100");
  const auto second = below(bob, "BTCUSDT", "300");
  start();
  store.refusing_fire = true;
  const auto crossed = clock().now();
  tick("BTCUSDT", "200");
  EXPECT_EQ(store.fire_calls, std::vector<std::size_t>{2});
  EXPECT_EQ(status(alice, first), alert_status::created);
  EXPECT_TRUE(fired_ids().empty());

  // Crossed again while waiting: the engine let them go already, so nothing is added twice; a
  // new alert that fires meanwhile joins the same wait.
  const auto third = above(alice, "BTCUSDT", "150");
  tick("BTCUSDT", "250");
  EXPECT_EQ(store.fire_calls, std::vector<std::size_t>{2}) << "one retry loop at a time";
  advance(99ms);
  EXPECT_EQ(store.fire_calls.size(), 1u);
  advance(1ms);
  EXPECT_EQ(store.fire_calls, (std::vector<std::size_t>{2, 3}));
  advance(199ms);
  EXPECT_EQ(store.fire_calls.size(), 2u) << "the backoff doubled";

  store.refusing_fire = false;
  advance(1ms);
  EXPECT_EQ(store.fire_calls, (std::vector<std::size_t>{2, 3, 3}));
  EXPECT_EQ(fired_ids(), (ids{first, second, third}));
  EXPECT_EQ(triggered_price(alice, first), "200");
  EXPECT_EQ(triggered_price(bob, second), "200");
  EXPECT_EQ(triggered_price(alice, third), "250");
  EXPECT_EQ(store.find(alice, first)->triggered_at, crossed)
      << "when the trade crossed it, however long the database took to accept it";
  EXPECT_EQ(timers().waiting(), 2u) << "the cooldown tick and the expiry period: no retry";

  // The backoff starts over after a success.
  store.refusing_fire = true;
  above(alice, "BTCUSDT", "260");
  tick("BTCUSDT", "270");
  store.refusing_fire = false;
  advance(100ms);
  EXPECT_EQ(fired_ids().size(), 4u);
}

TEST_F(watcher_test, loads_the_active_alerts_retrying_until_the_database_answers) {
  const auto waiting = above(alice, "BTCUSDT", "100");
  store.failing_loads = 2;
  start();
  EXPECT_EQ(store.loads, 1);
  EXPECT_FALSE(board.watching());
  EXPECT_FALSE(feed().started) << "no feed before the alerts are known";
  advance(200ms);
  EXPECT_EQ(store.loads, 2);
  EXPECT_FALSE(feed().started);
  advance(399ms);
  EXPECT_EQ(store.loads, 2) << "the backoff doubled";
  advance(1ms);
  EXPECT_EQ(store.loads, 3);
  EXPECT_TRUE(board.watching());
  ASSERT_TRUE(feed().started);
  tick("BTCUSDT", "100");
  EXPECT_EQ(fired_ids(), ids{waiting});
}

// Scaled out, another process writes while this watcher reads, and its events arrive before, during
// or after the read. Whatever the order, each active alert is watched once and a deleted one never.
TEST_F(watcher_test, applies_changes_heard_while_it_loads_each_alert_once) {
  const auto loaded = above(alice, "BTCUSDT", "100");
  const auto doomed = above(alice, "BTCUSDT", "101");
  store.failing_loads = 1;
  start();
  ASSERT_FALSE(board.watching());

  // Heard before the read that will return it: the read and the event name the same alert.
  const auto early = store.create(bob, level_request("BTCUSDT", alert_condition::above, *price::parse("102")),
                                  clock().now());
  hear_created(early);
  alert during;
  alert after;
  store.before_read = [&] {  // written as the read starts; its event comes after the read
    during = store.create(bob, level_request("BTCUSDT", alert_condition::above, *price::parse("103")), clock().now());
    announce_created(during);
  };
  store.after_read = [&] {  // written once the read is done: only its events tell the watcher
    after = store.create(bob, level_request("ETHUSDT", alert_condition::below, *price::parse("50")), clock().now());
    announce_created(after);
    const auto gone = store.find(alice, doomed);
    ASSERT_EQ(store.mark_deleted(alice, doomed), delete_outcome::deleted);
    announce_deleted(*gone);
  };
  advance(200ms);
  ASSERT_TRUE(board.watching());

  EXPECT_EQ(board.counters().active_alerts.load(), 4) << "alerts both read and announced are watched once";
  EXPECT_EQ(feed().followed, (std::set<std::string>{"BTCUSDT", "ETHUSDT"}));
  tick("BTCUSDT", "150");
  tick("ETHUSDT", "40");
  EXPECT_EQ(fired_ids(), (ids{loaded, early.id, during.id, after.id}));
  EXPECT_EQ(status(alice, doomed), alert_status::deleted);
  EXPECT_EQ(store.fire_calls, (std::vector<std::size_t>{3, 1})) << "the deleted alert never reached the database";
}

// A big book loads page by page: changes heard between two pages wait for the last, and an alert
// created meanwhile, which a later page returns too, is watched once; one deleted meanwhile never.
TEST_F(watcher_test, loads_page_by_page_and_watches_what_changed_between_pages_once) {
  ids book;
  for (int index = 0; index < 5; ++index) book.push_back(above(alice, "BTCUSDT", std::to_string(100 + index)));
  watcher_config config;
  config.load_page = 2;
  alert during;
  store.after_page = [&] {  // once the first page is read
    during = store.create(bob, level_request("BTCUSDT", alert_condition::above, *price::parse("110")), clock().now());
    announce_created(during);
    const auto gone = store.find(alice, book[4]);
    ASSERT_EQ(store.mark_deleted(alice, book[4]), delete_outcome::deleted);
    announce_deleted(*gone);
  };
  start(config);
  ASSERT_TRUE(board.watching());
  EXPECT_EQ(store.loads, 1);
  EXPECT_EQ(store.pages, 3) << "pages of two: the first two alerts, the next two, and the one created";
  EXPECT_EQ(board.counters().active_alerts.load(), 5) << "the created alert once, the deleted one not";
  tick("BTCUSDT", "200");
  EXPECT_EQ(fired_ids(), (ids{book[0], book[1], book[2], book[3], during.id}));
  EXPECT_EQ(store.fire_calls, std::vector<std::size_t>{5});
}

TEST_F(watcher_test, drops_a_create_heard_after_its_delete) {
  start();
  const auto made = store.create(bob, level_request("BTCUSDT", alert_condition::above, *price::parse("100")),
                                 clock().now());
  ASSERT_EQ(store.mark_deleted(bob, made.id), delete_outcome::deleted);
  // Two api processes: the delete's event overtook the create's.
  hear_deleted(made);
  hear_created(made);
  EXPECT_EQ(board.counters().active_alerts.load(), 0);
  EXPECT_TRUE(feed().followed.empty());
  tick("BTCUSDT", "150");
  EXPECT_TRUE(store.fire_calls.empty());
}

TEST_F(watcher_test, reconciles_with_the_database_when_asked_and_periodically) {
  watcher_config config;
  config.reconcile_interval = 30s;
  start(config);
  // Created elsewhere while the bus was away: this watcher never heard of it.
  const auto unheard = store.create(bob, level_request("BTCUSDT", alert_condition::above, *price::parse("100")),
                                    clock().now());
  tick("BTCUSDT", "150");
  EXPECT_TRUE(fired_ids().empty());
  reconcile();
  EXPECT_EQ(store.loads, 2);
  EXPECT_EQ(feed().followed, std::set<std::string>{"BTCUSDT"});
  tick("BTCUSDT", "150");
  EXPECT_EQ(fired_ids(), ids{unheard.id});

  const auto later = store.create(bob, level_request("ETHUSDT", alert_condition::below, *price::parse("10")),
                                  clock().now());
  advance(29s);
  EXPECT_EQ(store.loads, 2);
  advance(1s);
  EXPECT_EQ(store.loads, 3);
  tick("ETHUSDT", "9");
  EXPECT_EQ(fired_ids(), (ids{unheard.id, later.id}));
}

}  // namespace
}  // namespace pricewatch
