// Tests the SOCI alert store on every backend (SQLite, PostgreSQL, MariaDB): every field of an alert
// stored and read back, update() and expire_due() as compare-and-sets, fire() as today's once
// alerts use it (its history and recurrence: soci_alert_firings_test.cpp), load_active(). Imports:
// soci_alert_imports_test.cpp.
#include "storage/soci/soci_alert_store.hpp"

#include "outbox_database.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <set>
#include <span>
#include <thread>
#include <utility>
#include <vector>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

class soci_alert_store_test : public ::testing::TestWithParam<std::string> {
 protected:
  test_support::outbox_database db_{GetParam()};
  alert_store& alerts() { return db_.database->alerts(); }
  std::int64_t pending() { return db_.notifications().count_by_status()[notification_status::pending]; }
};

TEST_P(soci_alert_store_test, fire_triggers_created_alerts_and_queues_one_notification_each) {
  const auto created_at = db_.clock.now();
  const auto first = db_.create_alert(alert_condition::above, "51000");
  const auto second = db_.create_alert(alert_condition::below, "40000", "ETHUSDT");
  db_.clock.advance(5s);
  const auto records = db_.fire({first, second}, "51000.5");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].alert_id, first);
  EXPECT_EQ(records[0].user_id, db_.user_id);
  EXPECT_EQ(records[0].symbol, "BTCUSDT");
  EXPECT_EQ(records[0].condition, alert_condition::above);
  EXPECT_EQ(records[0].target, price::parse("51000").value());
  EXPECT_EQ(records[0].created_at, created_at);
  EXPECT_EQ(records[0].triggered_price, price::parse("51000.5").value());
  EXPECT_EQ(records[0].triggered_at, db_.clock.now());
  EXPECT_EQ(records[1].alert_id, second);
  EXPECT_EQ(records[1].symbol, "ETHUSDT");
  EXPECT_EQ(records[1].condition, alert_condition::below);
  EXPECT_EQ(records[1].target, price::parse("40000").value());
  const auto fired = db_.find(first);
  ASSERT_TRUE(fired);
  EXPECT_EQ(fired->status, alert_status::triggered);
  EXPECT_EQ(fired->triggered_at, db_.clock.now());
  EXPECT_EQ(fired->triggered_price, price::parse("51000.5").value());
  ASSERT_TRUE(fired->delivery);
  EXPECT_EQ(fired->delivery->status, "pending");
  EXPECT_EQ(fired->delivery->attempts, 0);
  EXPECT_EQ(fired->delivery->last_error, std::nullopt);
  EXPECT_EQ(pending(), 2);
  EXPECT_EQ(alerts().count_active(), 0);
}

TEST_P(soci_alert_store_test, fire_skips_a_deleted_alert) {
  const auto deleted = db_.create_alert(alert_condition::above, "51000");
  const auto kept = db_.create_alert(alert_condition::above, "51000");
  ASSERT_EQ(alerts().mark_deleted(db_.user_id, deleted), delete_outcome::deleted);
  const auto records = db_.fire({deleted, kept});
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].alert_id, kept);
  const auto still_deleted = db_.find(deleted);
  EXPECT_EQ(still_deleted->status, alert_status::deleted);
  EXPECT_EQ(still_deleted->triggered_at, std::nullopt);
  EXPECT_EQ(still_deleted->delivery, std::nullopt);
  EXPECT_EQ(pending(), 1);
}

TEST_P(soci_alert_store_test, firing_the_same_alert_twice_records_it_once) {
  const auto id = db_.create_alert(alert_condition::above, "51000");
  EXPECT_EQ(db_.fire({id, id}, "51000.5").size(), 1u);
  db_.clock.advance(1s);
  EXPECT_TRUE(db_.fire({id}, "60000").empty());  // another watcher, later
  EXPECT_EQ(pending(), 1);
  const auto fired = db_.find(id);
  EXPECT_EQ(fired->triggered_price, price::parse("51000.5").value());
  EXPECT_EQ(fired->triggered_at, db_.clock.now() - 1s);
  EXPECT_EQ(alerts().mark_deleted(db_.user_id, id), delete_outcome::deleted) << "a fired alert can be deleted";
  const auto deleted = db_.find(id);
  EXPECT_EQ(deleted->status, alert_status::deleted);
  EXPECT_EQ(deleted->triggered_price, price::parse("51000.5").value()) << "its history stays";
  EXPECT_EQ(pending(), 1) << "the email it is owed still goes out";
  EXPECT_TRUE(db_.fire({id}, "70000").empty()) << "a deleted alert never fires";
}

TEST_P(soci_alert_store_test, fire_ignores_unknown_ids_and_empty_batches) {
  EXPECT_TRUE(db_.fire({12345}).empty());
  EXPECT_TRUE(db_.fire({}).empty());
  EXPECT_EQ(pending(), 0);
}

TEST_P(soci_alert_store_test, fire_returns_each_alerts_owner) {
  const auto other_user = db_.database->users().create("carol@example.org", "hash", db_.clock.now())->id;
  const auto mine = db_.create_alert(alert_condition::above, "51000");
  const auto theirs = alerts().create(other_user, level_request("BTCUSDT", alert_condition::above, *price::parse("1")),
                                      db_.clock.now()).id;
  const auto records = db_.fire({theirs, mine});
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].alert_id, theirs);
  EXPECT_EQ(records[0].user_id, other_user);
  EXPECT_EQ(records[1].user_id, db_.user_id);
  const auto claimed = db_.notifications().claim_due(db_.clock.now(), 10, 60s);
  ASSERT_EQ(claimed.size(), 2u);
  EXPECT_EQ(claimed[0].recipient, "carol@example.org");
  EXPECT_EQ(claimed[1].recipient, "bob@example.org");
}

TEST_P(soci_alert_store_test, load_active_returns_only_created_alerts_oldest_first) {
  EXPECT_TRUE(alerts().load_active().empty());
  const auto created_at = db_.clock.now();
  const auto first = db_.create_alert(alert_condition::above, "51000.12345678");
  db_.clock.advance(1500ms);
  const auto deleted = db_.create_alert(alert_condition::above, "1");
  const auto fired = db_.create_alert(alert_condition::above, "2");
  const auto last = db_.create_alert(alert_condition::below, "0.5", "ETHUSDT");
  alerts().mark_deleted(db_.user_id, deleted);
  db_.fire({fired});
  const auto active = alerts().load_active();
  ASSERT_EQ(active.size(), 2u);
  EXPECT_EQ(active[0].id, first);
  EXPECT_EQ(active[0].symbol, "BTCUSDT");
  EXPECT_EQ(active[0].condition, alert_condition::above);
  EXPECT_EQ(active[0].target, price::parse("51000.12345678").value());
  EXPECT_EQ(active[0].created_at, created_at);
  EXPECT_EQ(active[1].id, last);
  EXPECT_EQ(active[1].symbol, "ETHUSDT");
  EXPECT_EQ(active[1].condition, alert_condition::below);
  EXPECT_EQ(active[1].created_at, created_at + 1500ms);
  EXPECT_EQ(alerts().count_active(), 2);
}

// A moving alert that recurs and expires, with a note in more than ASCII.
alert_request moving_request(time_point now) {
  alert_request request;
  request.symbol = "ETHUSDT";
  request.condition = alert_condition::moving_up;
  request.percent_bp = 250;
  request.window = move_window::h4;
  request.frequency = alert_frequency::every_time;
  request.cooldown = 300s;
  request.expires_at = now + 48h;
  request.note = "prise de bénéfice — 利確 ✓";
  return request;
}

TEST_P(soci_alert_store_test, create_and_find_keep_every_field_of_the_request) {
  const auto moving = alerts().create(db_.user_id, moving_request(db_.clock.now()), db_.clock.now());
  for (const auto& item : {moving, *db_.find(moving.id)}) {
    EXPECT_EQ(item.user_id, db_.user_id);
    EXPECT_EQ(item.owner_email, "bob@example.org");
    EXPECT_EQ(item.symbol, "ETHUSDT");
    EXPECT_EQ(item.condition, alert_condition::moving_up);
    EXPECT_EQ(item.target, price()) << "a moving alert measures a percent";
    EXPECT_EQ(item.percent_bp, 250);
    EXPECT_EQ(item.window, move_window::h4);
    EXPECT_EQ(item.frequency, alert_frequency::every_time);
    EXPECT_EQ(item.cooldown, 300s);
    EXPECT_EQ(item.expires_at, db_.clock.now() + 48h);
    EXPECT_EQ(item.note, "prise de bénéfice — 利確 ✓");
    EXPECT_EQ(item.status, alert_status::created);
    EXPECT_EQ(item.created_at, db_.clock.now());
    EXPECT_EQ(item.fire_count, 0);
    EXPECT_EQ(item.last_fired_at, std::nullopt);
    EXPECT_EQ(item.last_fired_price, std::nullopt);
    EXPECT_EQ(item.delivery, std::nullopt);
  }

  auto recurring = level_request("BTCUSDT", alert_condition::crossing, *price::parse("50000.5"));
  recurring.frequency = alert_frequency::every_time;
  recurring.cooldown = 10s;
  const auto crossing = alerts().create(db_.user_id, recurring, db_.clock.now());
  const auto found = db_.find(crossing.id);
  EXPECT_EQ(found->condition, alert_condition::crossing);
  EXPECT_EQ(found->target, *price::parse("50000.5"));
  EXPECT_EQ(found->frequency, alert_frequency::every_time);
  EXPECT_EQ(found->cooldown, 10s);
  EXPECT_EQ(found->expires_at, std::nullopt);
  EXPECT_EQ(found->note, "");

  const auto plain = db_.find(db_.create_alert(alert_condition::crossing_down, "3"));
  EXPECT_EQ(plain->condition, alert_condition::crossing_down);
  EXPECT_EQ(plain->frequency, alert_frequency::once);
  EXPECT_EQ(plain->cooldown, 60s);
  EXPECT_EQ(plain->percent_bp, 0);
}

TEST_P(soci_alert_store_test, update_changes_an_open_alert_and_keeps_its_firings) {
  auto request = level_request("BTCUSDT", alert_condition::above, *price::parse("100"));
  request.frequency = alert_frequency::every_time;
  const auto made = alerts().create(db_.user_id, request, db_.clock.now());
  const firing first{made.id, *price::parse("101"), db_.clock.now()};
  ASSERT_EQ(alerts().fire(std::span(&first, 1), db_.clock.now()).size(), 1u);
  const auto fired_at = db_.clock.now();
  db_.clock.advance(1min);

  const auto changed = alerts().update(db_.user_id, made.id, moving_request(db_.clock.now()), alert_status::paused);
  EXPECT_EQ(changed.outcome, change_outcome::changed);
  for (const auto& item : {*changed.changed, *db_.find(made.id)}) {
    EXPECT_EQ(item.status, alert_status::paused);
    EXPECT_EQ(item.symbol, "ETHUSDT");
    EXPECT_EQ(item.condition, alert_condition::moving_up);
    EXPECT_EQ(item.target, price());
    EXPECT_EQ(item.window, move_window::h4);
    EXPECT_EQ(item.cooldown, 300s);
    EXPECT_EQ(item.note, "prise de bénéfice — 利確 ✓");
    EXPECT_EQ(item.fire_count, 1) << "its firings stay";
    EXPECT_EQ(item.triggered_at, fired_at);
    EXPECT_EQ(item.triggered_price, *price::parse("101"));
    EXPECT_EQ(item.last_fired_at, fired_at);
    ASSERT_TRUE(item.delivery);
    EXPECT_EQ(item.delivery->status, "pending");
  }
  EXPECT_TRUE(alerts().load_active().empty()) << "a paused alert is not watched";
  EXPECT_EQ(alerts().count(alert_filter{db_.user_id, alert_status::paused, std::nullopt, std::nullopt}), 1);

  // The same values again (MySQL then reports no row changed) is a change all the same.
  EXPECT_EQ(alerts().update(db_.user_id, made.id, moving_request(db_.clock.now()), alert_status::paused).outcome,
            change_outcome::changed);
  const auto resumed = alerts().update(db_.user_id, made.id, request, alert_status::created);
  EXPECT_EQ(resumed.outcome, change_outcome::changed);
  EXPECT_EQ(resumed.changed->window, move_window::m1) << "no window unless moving";
  EXPECT_EQ(resumed.changed->target, *price::parse("100"));
  const auto active = alerts().load_active();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].fire_count, 1);

  EXPECT_EQ(alerts().update(db_.user_id + 1000, made.id, request, alert_status::paused).outcome,
            change_outcome::not_found);
  EXPECT_EQ(alerts().update(db_.user_id, made.id + 1000, request, alert_status::paused).outcome,
            change_outcome::not_found);
}

TEST_P(soci_alert_store_test, update_refuses_a_triggered_expired_or_deleted_alert) {
  const auto triggered = db_.create_alert(alert_condition::above, "1");
  db_.fire({triggered});
  const auto deleted = db_.create_alert(alert_condition::above, "2");
  ASSERT_EQ(alerts().mark_deleted(db_.user_id, deleted), delete_outcome::deleted);
  auto expiring = level_request("BTCUSDT", alert_condition::below, *price::parse("3"));
  expiring.expires_at = db_.clock.now() + 1s;
  const auto expired = alerts().create(db_.user_id, expiring, db_.clock.now()).id;
  db_.clock.advance(1s);
  ASSERT_EQ(alerts().expire_due(db_.clock.now(), 10).size(), 1u);

  const auto request = level_request("SOLUSDT", alert_condition::above, *price::parse("9"));
  for (const auto& [id, status] : {std::pair{triggered, alert_status::triggered}, std::pair{deleted, alert_status::deleted},
                                   std::pair{expired, alert_status::expired}}) {
    const auto refused = alerts().update(db_.user_id, id, request, alert_status::created);
    EXPECT_EQ(refused.outcome, change_outcome::closed) << to_string(status);
    ASSERT_TRUE(refused.changed);
    EXPECT_EQ(refused.changed->status, status);
    EXPECT_NE(refused.changed->symbol, "SOLUSDT");
    EXPECT_EQ(db_.find(id)->status, status);
  }
  EXPECT_EQ(db_.find(triggered)->fire_count, 1);
}

TEST_P(soci_alert_store_test, delete_works_on_every_status_but_deleted) {
  const auto paused = db_.create_alert(alert_condition::above, "1");
  ASSERT_EQ(alerts().update(db_.user_id, paused, level_request("BTCUSDT", alert_condition::above, *price::parse("1")),
                            alert_status::paused).outcome,
            change_outcome::changed);
  auto expiring = level_request("BTCUSDT", alert_condition::above, *price::parse("2"));
  expiring.expires_at = db_.clock.now();
  const auto expired = alerts().create(db_.user_id, expiring, db_.clock.now()).id;
  ASSERT_EQ(alerts().expire_due(db_.clock.now(), 10).size(), 1u);
  for (const auto id : {paused, expired}) {
    EXPECT_EQ(alerts().mark_deleted(db_.user_id, id), delete_outcome::deleted);
    EXPECT_EQ(alerts().mark_deleted(db_.user_id, id), delete_outcome::already_deleted);
    EXPECT_EQ(db_.find(id)->status, alert_status::deleted);
  }
}

TEST_P(soci_alert_store_test, expire_due_expires_open_alerts_past_their_time_once) {
  const auto at = [&](std::chrono::seconds after) {
    auto request = level_request("BTCUSDT", alert_condition::above, *price::parse("100"));
    request.expires_at = db_.clock.now() + after;
    request.note = "n" + std::to_string(after.count());
    return alerts().create(db_.user_id, request, db_.clock.now()).id;
  };
  const auto later = at(20s);
  const auto created = at(10s);
  const auto paused = at(5s);
  ASSERT_EQ(alerts().update(db_.user_id, paused, request_of(*db_.find(paused)), alert_status::paused).outcome,
            change_outcome::changed);
  const auto triggered = at(5s);
  db_.fire({triggered});
  const auto deleted = at(5s);
  alerts().mark_deleted(db_.user_id, deleted);
  const auto never = db_.create_alert(alert_condition::above, "1");

  EXPECT_TRUE(alerts().expire_due(db_.clock.now() + 4999ms, 10).empty());
  db_.clock.advance(10s);
  const auto first = alerts().expire_due(db_.clock.now(), 1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].id, created) << "oldest first";
  EXPECT_EQ(first[0].status, alert_status::expired);
  EXPECT_EQ(first[0].owner_email, "bob@example.org");
  EXPECT_EQ(first[0].note, "n10");
  const auto rest = alerts().expire_due(db_.clock.now(), 10);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].id, paused);
  EXPECT_EQ(rest[0].status, alert_status::expired);
  EXPECT_TRUE(alerts().expire_due(db_.clock.now(), 10).empty());
  EXPECT_EQ(db_.find(later)->status, alert_status::created);
  EXPECT_EQ(db_.find(triggered)->status, alert_status::triggered);
  EXPECT_EQ(db_.find(deleted)->status, alert_status::deleted);
  EXPECT_EQ(db_.find(never)->status, alert_status::created);
  EXPECT_EQ(alerts().count(alert_filter{db_.user_id, alert_status::expired, std::nullopt, std::nullopt}), 2);
  EXPECT_EQ(alerts().load_active().size(), 2u);
}

TEST_P(soci_alert_store_test, two_processes_expiring_at_once_expire_each_alert_once) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 60; ++i) {
    auto request = level_request("BTCUSDT", alert_condition::above, *price::parse("100"));
    request.expires_at = db_.clock.now();
    ids.push_back(alerts().create(db_.user_id, request, db_.clock.now()).id);
  }
  auto other = make_database(database_config{db_.scratch.url(), 2});
  std::vector<alert> mine, theirs;
  const auto drain = [this](alert_store& store, std::vector<alert>& expired) {
    while (true) {
      const auto part = store.expire_due(db_.clock.now(), 7);
      if (part.empty()) return;
      expired.insert(expired.end(), part.begin(), part.end());
    }
  };
  std::thread racing([&] { drain(other->alerts(), theirs); });
  drain(alerts(), mine);
  racing.join();
  std::set<std::int64_t> all;
  for (const auto* part : {&mine, &theirs}) {
    for (const auto& item : *part) all.insert(item.id);
  }
  EXPECT_EQ(mine.size() + theirs.size(), ids.size()) << "none expired twice";
  EXPECT_EQ(all, std::set<std::int64_t>(ids.begin(), ids.end()));
}

INSTANTIATE_TEST_SUITE_P(backends, soci_alert_store_test, ::testing::ValuesIn(test_support::database_backends()),
                         test_support::backend_name);

}  // namespace
}  // namespace pricewatch
