// Tests the firing side of the SOCI alert store on every backend (SQLite, PostgreSQL, MariaDB):
// fire() as a compare-and-set on the alert's status and last firing (a recurring alert fires at
// most once per cooldown), across stores too; recurring alerts with a firing row and a
// notification per firing; the history of firings, listed and counted.
#include "storage/soci/soci_alert_store.hpp"

#include "outbox_database.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;
using ids = std::vector<std::int64_t>;

class soci_alert_firings_test : public ::testing::TestWithParam<std::string> {
 protected:
  test_support::outbox_database db_{GetParam()};
  alert_store& alerts() { return db_.database->alerts(); }

  std::int64_t create(alert_request request, std::int64_t owner = 0) {
    return alerts().create(owner == 0 ? db_.user_id : owner, request, db_.clock.now()).id;
  }
  std::int64_t recurring(std::string symbol = "BTCUSDT", std::string_view target = "100") {
    auto request = level_request(std::move(symbol), alert_condition::crossing_up, *price::parse(target));
    request.frequency = alert_frequency::every_time;
    request.cooldown = 10s;
    return create(request);
  }
  std::vector<fired_record> fire(std::vector<firing> batch) { return alerts().fire(batch, db_.clock.now()); }
  // A firing at the clock's time plus later.
  firing firing_of(std::int64_t alert_id, std::string_view at = "101", std::chrono::seconds later = 0s) {
    return firing{alert_id, *price::parse(at), db_.clock.now() + later};
  }

  std::int64_t firings(std::optional<std::int64_t> alert_id = std::nullopt) {
    return alerts().count_firings(firing_filter{db_.user_id, alert_id, std::nullopt, std::nullopt});
  }
  ids listed(const firing_filter& filter, std::int64_t offset = 0, std::int64_t limit = 100) {
    ids found;
    for (const auto& item : alerts().list_firings(filter, offset, limit)) found.push_back(item.id);
    return found;
  }
  std::int64_t pending() { return db_.notifications().count_by_status()[notification_status::pending]; }
};

TEST_P(soci_alert_firings_test, a_once_alert_fires_once_and_becomes_triggered) {
  const auto id = db_.create_alert(alert_condition::crossing_down, "40000");
  const auto records = fire({firing_of(id, "39999")});
  ASSERT_EQ(records.size(), 1u);
  EXPECT_GT(records[0].firing_id, 0);
  EXPECT_EQ(records[0].sequence, 1);
  EXPECT_TRUE(records[0].final);
  EXPECT_EQ(records[0].frequency, alert_frequency::once);
  EXPECT_EQ(records[0].condition, alert_condition::crossing_down);
  const auto fired = db_.find(id);
  EXPECT_EQ(fired->status, alert_status::triggered);
  EXPECT_EQ(fired->fire_count, 1);
  EXPECT_EQ(fired->last_fired_at, db_.clock.now());
  EXPECT_EQ(fired->last_fired_price, *price::parse("39999"));
  EXPECT_TRUE(fire({firing_of(id, "101", 60s)}).empty()) << "a triggered alert fires no more";
  EXPECT_EQ(firings(id), 1);
  EXPECT_EQ(pending(), 1);
}

TEST_P(soci_alert_firings_test, a_recurring_alert_stays_active_and_stores_each_firing) {
  auto request = level_request("ETHUSDT", alert_condition::moving_down, price());
  request.percent_bp = 500;
  request.window = move_window::m15;
  request.frequency = alert_frequency::every_time;
  request.cooldown = 60s;
  const auto id = create(request);
  const auto first_at = db_.clock.now();
  const auto first = fire({firing_of(id, "2000")});
  ASSERT_EQ(first.size(), 1u);
  EXPECT_FALSE(first[0].final);
  EXPECT_EQ(first[0].percent_bp, 500);
  EXPECT_EQ(first[0].window, move_window::m15);
  EXPECT_EQ(first[0].frequency, alert_frequency::every_time);
  EXPECT_EQ(first[0].target, price());
  db_.clock.advance(2min);
  const auto second = fire({firing_of(id, "1900.5")});
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].sequence, 2);
  EXPECT_GT(second[0].firing_id, first[0].firing_id);
  EXPECT_EQ(second[0].triggered_price, *price::parse("1900.5"));

  const auto now = db_.find(id);
  EXPECT_EQ(now->status, alert_status::created);
  EXPECT_EQ(now->fire_count, 2);
  EXPECT_EQ(now->triggered_at, first_at) << "the first firing";
  EXPECT_EQ(now->triggered_price, *price::parse("2000"));
  EXPECT_EQ(now->last_fired_at, db_.clock.now());
  EXPECT_EQ(now->last_fired_price, *price::parse("1900.5"));
  const auto active = alerts().load_active();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].fire_count, 2);
  EXPECT_EQ(active[0].last_fired_at, db_.clock.now());
  EXPECT_EQ(active[0].percent_bp, 500);
  EXPECT_EQ(active[0].window, move_window::m15);
  EXPECT_EQ(active[0].frequency, alert_frequency::every_time);
  EXPECT_EQ(active[0].cooldown, 60s);

  const auto history = alerts().list_firings(firing_filter{db_.user_id, id, std::nullopt, std::nullopt}, 0, 10);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].id, second[0].firing_id);
  EXPECT_EQ(history[0].sequence, 2);
  EXPECT_EQ(history[0].fired_price, *price::parse("1900.5"));
  EXPECT_EQ(history[0].fired_at, db_.clock.now());
  EXPECT_EQ(history[0].condition, alert_condition::moving_down);
  EXPECT_EQ(history[0].percent_bp, 500);
  EXPECT_EQ(history[0].symbol, "ETHUSDT");
  EXPECT_EQ(history[1].sequence, 1);
  EXPECT_EQ(history[1].fired_at, first_at);

  // One notification per firing, each telling which firing it is.
  const auto claimed = db_.notifications().claim_due(db_.clock.now(), 10, 60s);
  ASSERT_EQ(claimed.size(), 2u);
  EXPECT_EQ(claimed[0].alert_id, id);
  EXPECT_EQ(claimed[0].firing_sequence, 1);
  EXPECT_EQ(claimed[0].triggered_price, *price::parse("2000"));
  EXPECT_EQ(claimed[1].firing_sequence, 2);
  EXPECT_EQ(claimed[1].triggered_price, *price::parse("1900.5"));
  const auto again = db_.notifications().claim(claimed[1].id, 0, db_.clock.now(), 60s);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->firing_sequence, 2);
}

TEST_P(soci_alert_firings_test, the_alerts_delivery_is_its_latest_firings_notification) {
  const auto id = recurring();
  fire({firing_of(id)});
  db_.clock.advance(10s);
  fire({firing_of(id)});
  const auto claimed = db_.notifications().claim_due(db_.clock.now(), 10, 60s);
  ASSERT_EQ(claimed.size(), 2u);
  db_.clock.advance(3s);
  db_.notifications().mark_sent(claimed[0].id, 1, db_.clock.now());
  db_.notifications().schedule_retry(claimed[1].id, 1, db_.clock.now() + 1min, "421 busy");
  const auto shown = db_.find(id)->delivery;
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->status, "pending");
  EXPECT_EQ(shown->attempts, 1);
  EXPECT_EQ(shown->last_error, "421 busy");
  EXPECT_EQ(shown->sent_at, std::nullopt);

  const auto history = alerts().list_firings(firing_filter{db_.user_id, id, std::nullopt, std::nullopt}, 0, 10);
  ASSERT_EQ(history.size(), 2u);
  ASSERT_EQ(history[1].deliveries.size(), 1u);
  EXPECT_EQ(history[1].deliveries[0].status, "sent");
  EXPECT_EQ(history[1].deliveries[0].attempts, 1);
  EXPECT_EQ(history[1].deliveries[0].sent_at, db_.clock.now());
  ASSERT_EQ(history[0].deliveries.size(), 1u);
  EXPECT_EQ(history[0].deliveries[0].last_error, "421 busy");
  db_.notifications().mark_failed(claimed[1].id, 20, "550 gone");
  EXPECT_EQ(db_.find(id)->delivery->status, "failed");
  EXPECT_EQ(alerts().list(alert_filter{db_.user_id, std::nullopt, std::nullopt, std::nullopt}, list_order::newest_first, 0, 10).size(),
            1u)
      << "one row per alert, however often it fired";
}

TEST_P(soci_alert_firings_test, fire_stores_nothing_unless_the_alert_is_active_and_past_its_cooldown) {
  const auto used = recurring();
  ASSERT_EQ(fire({firing_of(used)}).size(), 1u);
  EXPECT_TRUE(fire({firing_of(used, "500")}).empty()) << "the same firing, handed in again";
  EXPECT_TRUE(fire({firing_of(used, "500", 9s)}).empty()) << "within the 10 s cooldown";
  EXPECT_EQ(db_.find(used)->last_fired_price, *price::parse("101"));

  const auto paused = recurring();
  ASSERT_EQ(alerts().update(db_.user_id, paused, request_of(*db_.find(paused)), alert_status::paused).outcome,
            change_outcome::changed);
  auto expiring = level_request("BTCUSDT", alert_condition::above, *price::parse("100"));
  expiring.expires_at = db_.clock.now();
  const auto expired_by_time = create(expiring);  // still created: expire_due has not run yet
  const auto deleted = recurring();
  alerts().mark_deleted(db_.user_id, deleted);

  EXPECT_TRUE(fire({firing_of(paused), firing_of(expired_by_time), firing_of(deleted)}).empty());
  for (const auto id : {paused, expired_by_time, deleted}) {
    const auto unchanged = db_.find(id);
    EXPECT_EQ(unchanged->fire_count, 0);
    EXPECT_EQ(unchanged->triggered_at, std::nullopt);
    EXPECT_EQ(unchanged->last_fired_at, std::nullopt);
    EXPECT_EQ(unchanged->delivery, std::nullopt);
    EXPECT_EQ(firings(id), 0);
  }
  EXPECT_EQ(db_.find(expired_by_time)->status, alert_status::created);
  EXPECT_EQ(firings(), 1);
  EXPECT_EQ(pending(), 1);
}

TEST_P(soci_alert_firings_test, one_batch_may_carry_several_firings_of_one_alert) {
  const auto id = recurring();
  const auto once = db_.create_alert(alert_condition::above, "1");
  const auto records = fire({firing_of(id, "101"), firing_of(once), firing_of(id, "102", 10s), firing_of(id, "103", 10s),
                             firing_of(id, "104", 20s)});
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].sequence, 1);
  EXPECT_EQ(records[1].alert_id, once);
  EXPECT_EQ(records[2].sequence, 2);
  EXPECT_EQ(records[2].triggered_price, *price::parse("102"));
  EXPECT_EQ(records[3].sequence, 3);
  const auto now = db_.find(id);
  EXPECT_EQ(now->fire_count, 3);
  EXPECT_EQ(now->triggered_price, *price::parse("101"));
  EXPECT_EQ(now->last_fired_price, *price::parse("104"));
  EXPECT_EQ(firings(id), 3);
  EXPECT_EQ(pending(), 4);
  const auto claimed = db_.notifications().claim_due(db_.clock.now(), 10, 60s);
  ASSERT_EQ(claimed.size(), 4u);
  EXPECT_EQ(claimed[3].firing_sequence, 3);
  EXPECT_EQ(claimed[3].triggered_price, *price::parse("104"));
}

TEST_P(soci_alert_firings_test, stores_firing_together_store_each_firing_once) {
  // Two watchers' processes on one database hand in the same firings at the same time.
  ids once, every_time;
  for (int i = 0; i < 40; ++i) {
    once.push_back(db_.create_alert(alert_condition::above, "1"));
    every_time.push_back(recurring());
  }
  auto other = make_database(database_config{db_.scratch.url(), 2});
  const auto round = [&](std::chrono::seconds later) {
    std::vector<firing> batch;
    for (std::size_t i = 0; i < once.size(); ++i) {
      batch.push_back(firing_of(once[i], "101", later));
      batch.push_back(firing_of(every_time[i], "101", later));
    }
    std::vector<fired_record> theirs;
    std::thread racing([&] { theirs = other->alerts().fire(batch, db_.clock.now()); });
    const auto mine = alerts().fire(batch, db_.clock.now());
    racing.join();
    return mine.size() + theirs.size();
  };
  EXPECT_EQ(round(0s), 80u);
  EXPECT_EQ(round(10s), 40u) << "only the recurring alerts fire again, past their cooldown";
  EXPECT_EQ(round(10s), 0u);
  EXPECT_EQ(firings(), 120);
  EXPECT_EQ(pending(), 120);
  for (const auto id : every_time) EXPECT_EQ(db_.find(id)->fire_count, 2);
}

TEST_P(soci_alert_firings_test, lists_and_counts_the_owners_firings_newest_first) {
  const auto carol = db_.database->users().create("carol@example.org", "hash", db_.clock.now())->id;
  const auto btc = recurring("BTCUSDT");
  const auto eth = recurring("ETHUSDT");
  const auto theirs = create(level_request("BTCUSDT", alert_condition::above, *price::parse("1")), carol);
  const auto start = db_.clock.now();
  const auto btc_first = fire({firing_of(btc)})[0].firing_id;
  const auto eth_first = fire({firing_of(eth)})[0].firing_id;
  db_.clock.advance(10s);
  const auto btc_second = fire({firing_of(btc)})[0].firing_id;
  db_.clock.advance(10s);
  const auto eth_second = fire({firing_of(eth), firing_of(theirs)})[0].firing_id;

  const firing_filter all{db_.user_id, std::nullopt, std::nullopt, std::nullopt};
  EXPECT_EQ(alerts().count_firings(all), 4);
  EXPECT_EQ(listed(all), (ids{eth_second, btc_second, eth_first, btc_first}));
  EXPECT_EQ(listed(all, 1, 2), (ids{btc_second, eth_first}));
  EXPECT_EQ(listed(all, 3, 2), (ids{btc_first}));
  EXPECT_EQ(listed(all, 4, 2), ids{});

  const firing_filter of_btc{db_.user_id, btc, std::nullopt, std::nullopt};
  EXPECT_EQ(alerts().count_firings(of_btc), 2);
  EXPECT_EQ(listed(of_btc), (ids{btc_second, btc_first}));
  const firing_filter of_eth_symbol{db_.user_id, std::nullopt, "ETHUSDT", std::nullopt};
  EXPECT_EQ(alerts().count_firings(of_eth_symbol), 2);
  EXPECT_EQ(listed(of_eth_symbol), (ids{eth_second, eth_first}));
  const firing_filter since{db_.user_id, std::nullopt, std::nullopt, start + 10s};
  EXPECT_EQ(alerts().count_firings(since), 2);
  EXPECT_EQ(listed(since), (ids{eth_second, btc_second}));
  const firing_filter everything{db_.user_id, btc, "BTCUSDT", start + 1ms};
  EXPECT_EQ(listed(everything), ids{btc_second});
  EXPECT_EQ(alerts().count_firings(everything), 1);

  // Always the owner's own.
  EXPECT_EQ(alerts().count_firings(firing_filter{db_.user_id, theirs, std::nullopt, std::nullopt}), 0);
  EXPECT_EQ(alerts().count_firings(firing_filter{carol, std::nullopt, std::nullopt, std::nullopt}), 1);
  const auto carols = alerts().list_firings(firing_filter{carol, std::nullopt, std::nullopt, std::nullopt}, 0, 10);
  ASSERT_EQ(carols.size(), 1u);
  EXPECT_EQ(carols[0].alert_id, theirs);
  EXPECT_EQ(carols[0].user_id, carol);
  ASSERT_EQ(carols[0].deliveries.size(), 1u);
  EXPECT_EQ(carols[0].deliveries[0].status, "pending");
  EXPECT_EQ(carols[0].deliveries[0].attempts, 0);
  EXPECT_EQ(carols[0].deliveries[0].last_error, std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(backends, soci_alert_firings_test, ::testing::ValuesIn(test_support::database_backends()),
                         test_support::backend_name);

}  // namespace
}  // namespace pricewatch
