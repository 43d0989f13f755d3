// Tests the SOCI notification outbox on every backend (SQLite, PostgreSQL, MariaDB): leases, order, limit, settling, due times, counts.
#include "storage/soci/soci_notification_store.hpp"

#include "outbox_database.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

class soci_notification_store_test : public ::testing::TestWithParam<std::string> {
 protected:
  notification_store& store() { return db_.notifications(); }
  std::vector<std::int64_t> claim(std::size_t limit = 10, std::chrono::seconds lease = 60s) {
    std::vector<std::int64_t> ids;
    for (const auto& item : store().claim_due(db_.clock.now(), limit, lease)) ids.push_back(item.id);
    return ids;
  }
  // Three fired alerts in one batch: notifications 1, 2 and 3, due now.
  void fire_three() {
    db_.fire({db_.create_alert(alert_condition::above, "1"), db_.create_alert(alert_condition::above, "2"),
              db_.create_alert(alert_condition::above, "3")});
  }
  std::map<notification_status, std::int64_t> counts() { return store().count_by_status(); }

  test_support::outbox_database db_{GetParam()};
  using ids_t = std::vector<std::int64_t>;
};

TEST_P(soci_notification_store_test, claim_due_returns_what_the_email_needs) {
  const auto alert_id = db_.create_alert(alert_condition::below, "40000.5", "ETHUSDT");
  db_.clock.advance(2s);
  db_.fire({alert_id}, "39999.99");
  const auto claimed = store().claim_due(db_.clock.now(), 10, 60s);
  ASSERT_EQ(claimed.size(), 1u);
  const auto& item = claimed[0];
  EXPECT_GT(item.id, 0);
  EXPECT_EQ(item.alert_id, alert_id);
  EXPECT_EQ(item.user_id, db_.user_id);
  EXPECT_EQ(item.recipient, "bob@example.org");
  EXPECT_EQ(item.symbol, "ETHUSDT");
  EXPECT_EQ(item.condition, alert_condition::below);
  EXPECT_EQ(item.target, price::parse("40000.5").value());
  EXPECT_EQ(item.triggered_price, price::parse("39999.99").value());
  EXPECT_EQ(item.status, notification_status::pending);
  EXPECT_EQ(item.attempts, 0);
  EXPECT_EQ(item.last_error, std::nullopt);
  EXPECT_EQ(item.created_at, db_.clock.now());
}

TEST_P(soci_notification_store_test, claim_due_takes_the_earliest_first_up_to_the_limit) {
  EXPECT_EQ(claim(), ids_t{});
  fire_three();
  EXPECT_EQ(claim(10), (ids_t{1, 2, 3}));  // equal times: by id
  const auto now = db_.clock.now();
  store().schedule_retry(1, 1, now + 5s, "one");
  store().schedule_retry(2, 1, now + 3s, "two");
  store().schedule_retry(3, 1, now + 4s, "three");
  db_.clock.advance(2s);
  EXPECT_EQ(claim(), ids_t{});  // nothing due yet
  db_.clock.advance(8s);
  EXPECT_EQ(claim(2), (ids_t{2, 3}));
  EXPECT_EQ(claim(2), ids_t{1});
  EXPECT_EQ(claim(2), ids_t{});
}

TEST_P(soci_notification_store_test, a_claimed_row_returns_when_its_lease_runs_out) {
  fire_three();
  EXPECT_EQ(claim(1, 60s), ids_t{1});
  EXPECT_EQ(store().next_due(), db_.clock.now());  // rows 2 and 3
  db_.clock.advance(59'999ms);
  EXPECT_EQ(claim(10, 60s), (ids_t{2, 3}));
  db_.clock.advance(1ms);
  const auto again = store().claim_due(db_.clock.now(), 10, 60s);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, 1);
  EXPECT_EQ(again[0].attempts, 0);  // a lease is not an attempt
}

TEST_P(soci_notification_store_test, a_retry_keeps_attempts_and_the_error) {
  fire_three();
  EXPECT_EQ(claim(), (ids_t{1, 2, 3}));  // 2 and 3 stay leased for a minute
  store().schedule_retry(1, 1, db_.clock.now() + 1s, "421 try later");
  db_.clock.advance(999ms);
  EXPECT_EQ(claim(), ids_t{});
  db_.clock.advance(1ms);
  const auto claimed = store().claim_due(db_.clock.now(), 10, 60s);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].id, 1);
  EXPECT_EQ(claimed[0].attempts, 1);
  EXPECT_EQ(claimed[0].last_error, "421 try later");
  EXPECT_EQ(counts()[notification_status::pending], 3);
}

TEST_P(soci_notification_store_test, sent_and_failed_rows_are_never_claimed_again) {
  fire_three();
  claim(2);
  store().mark_sent(1, 1, db_.clock.now());
  store().mark_failed(2, 20, "550 no such user");
  store().make_pending_due(db_.clock.now() + 1h);
  db_.clock.advance(2h);
  EXPECT_EQ(claim(), ids_t{3});
  EXPECT_EQ(counts(), (std::map<notification_status, std::int64_t>{{notification_status::pending, 1},
                                                                   {notification_status::sent, 1},
                                                                   {notification_status::saved, 0},
                                                                   {notification_status::failed, 1}}));
  const auto failed = db_.find(2);
  ASSERT_TRUE(failed && failed->delivery);
  EXPECT_EQ(failed->delivery->status, "failed");
  EXPECT_EQ(failed->delivery->attempts, 20);
  EXPECT_EQ(failed->delivery->last_error, "550 no such user");
  const auto sent = db_.find(1);
  EXPECT_EQ(sent->delivery->status, "sent");
  EXPECT_EQ(sent->delivery->attempts, 1);
  EXPECT_EQ(sent->delivery->last_error, std::nullopt);
  store().schedule_retry(1, 2, db_.clock.now(), "late");  // a settled row is not reopened
  EXPECT_EQ(db_.find(1)->delivery->status, "sent");
}

TEST_P(soci_notification_store_test, next_due_is_the_earliest_pending_time) {
  EXPECT_EQ(store().next_due(), std::nullopt);
  fire_three();
  const auto now = db_.clock.now();
  EXPECT_EQ(store().next_due(), now);
  claim();
  store().schedule_retry(2, 1, now + 7s, "x");
  store().schedule_retry(3, 1, now + 9s, "x");
  EXPECT_EQ(store().next_due(), now + 7s);
  store().mark_sent(2, 2, now);
  EXPECT_EQ(store().next_due(), now + 9s);
  store().mark_sent(1, 1, now);
  store().mark_failed(3, 2, "x");
  EXPECT_EQ(store().next_due(), std::nullopt);
}

TEST_P(soci_notification_store_test, make_pending_due_brings_every_pending_row_forward) {
  fire_three();
  const auto now = db_.clock.now();
  claim();
  store().schedule_retry(1, 1, now + 300s, "x");
  store().schedule_retry(2, 1, now - 5s, "x");  // already due: stays as it is
  store().mark_sent(3, 1, now);
  store().make_pending_due(now);
  EXPECT_EQ(store().next_due(), now - 5s);
  EXPECT_EQ(claim(), (ids_t{2, 1}));
  EXPECT_EQ(counts()[notification_status::sent], 1);
}

// Written to the outbox folder without a mail server: saved, settled like sent but never called so.
TEST_P(soci_notification_store_test, a_saved_row_is_settled_and_says_saved) {
  fire_three();
  claim();
  const auto now = db_.clock.now();
  store().mark_saved(1, 1, now);
  store().mark_sent(2, 1, now);
  const auto saved = db_.find(1);
  ASSERT_TRUE(saved && saved->delivery);
  EXPECT_EQ(saved->delivery->status, "saved");
  EXPECT_EQ(saved->delivery->attempts, 1);
  EXPECT_EQ(saved->delivery->last_error, std::nullopt);
  EXPECT_EQ(counts()[notification_status::saved], 1);
  EXPECT_EQ(counts()[notification_status::sent], 1);
  store().make_pending_due(now);
  db_.clock.advance(2h);
  EXPECT_EQ(claim(), ids_t{3}) << "a saved row is never claimed again";
  store().schedule_retry(1, 2, now, "late");
  EXPECT_EQ(db_.find(1)->delivery->status, "saved");
}

TEST_P(soci_notification_store_test, settle_stores_a_batch_of_outcomes_as_the_single_calls_do) {
  fire_three();
  const auto fourth = db_.create_alert(alert_condition::above, "4");
  const auto fifth = db_.create_alert(alert_condition::above, "5");
  db_.fire({fourth, fifth});
  EXPECT_EQ(claim(), (ids_t{1, 2, 3, 4, 5}));
  const auto now = db_.clock.now();
  using kind = delivery_outcome::kind;
  const std::vector<delivery_outcome> outcomes{{kind::sent, 1, 1, now, {}},
                                               {kind::saved, 2, 1, now, {}},
                                               {kind::retry, 3, 1, now + 5s, "503 busy"},
                                               {kind::held, 4, 0, now + 1h, {}},
                                               {kind::failed, 5, 1, {}, "550 no such user"}};
  store().settle(outcomes);
  EXPECT_EQ(db_.find(1)->delivery->status, "sent");
  EXPECT_EQ(db_.find(2)->delivery->status, "saved");
  EXPECT_EQ(db_.find(fifth)->delivery->status, "failed");
  EXPECT_EQ(db_.find(fifth)->delivery->last_error, "550 no such user");
  EXPECT_EQ(counts()[notification_status::pending], 2);
  db_.clock.advance(5s);
  const auto retried = store().claim_due(db_.clock.now(), 10, 60s);
  ASSERT_EQ(retried.size(), 1u) << "the held row waits for the end of its hold";
  EXPECT_EQ(retried[0].id, 3);
  EXPECT_EQ(retried[0].attempts, 1);
  EXPECT_EQ(retried[0].last_error, "503 busy");
  store().settle(std::vector<delivery_outcome>{{kind::sent, 3, 2, db_.clock.now(), {}}});
  db_.clock.advance(1h);
  const auto released = store().claim_due(db_.clock.now(), 10, 60s);
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(released[0].id, 4);
  EXPECT_EQ(released[0].held_until, now + 1h);
  store().settle(std::vector<delivery_outcome>{{kind::retry, 1, 2, now, "late"}});
  EXPECT_EQ(db_.find(1)->delivery->status, "sent") << "a settled row is not reopened";
}

TEST_P(soci_notification_store_test, count_by_status_lists_every_status) {
  EXPECT_EQ(counts(), (std::map<notification_status, std::int64_t>{{notification_status::pending, 0},
                                                                   {notification_status::sent, 0},
                                                                   {notification_status::saved, 0},
                                                                   {notification_status::failed, 0}}));
  fire_three();
  EXPECT_EQ(counts()[notification_status::pending], 3);
}

TEST_P(soci_notification_store_test, a_job_claims_its_row_once_per_attempt) {
  fire_three();
  const auto claimed = store().claim(2, 0, db_.clock.now(), 60s);
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, 2);
  EXPECT_EQ(claimed->attempts, 0);  // the attempts before this one
  EXPECT_EQ(claimed->recipient, "bob@example.org");
  // A second copy of the same job (a redelivery, a republished job) finds nothing to send.
  EXPECT_FALSE(store().claim(2, 0, db_.clock.now(), 60s));
  // The claim leased the row: the relay does not hand it out again meanwhile.
  EXPECT_EQ(claim(), (ids_t{1, 3}));
  // After a failed attempt the job for attempt 1 claims it again.
  store().schedule_retry(2, 1, db_.clock.now() + 1s, "421 busy");
  EXPECT_FALSE(store().claim(2, 0, db_.clock.now(), 60s));
  const auto retried = store().claim(2, 1, db_.clock.now(), 60s);
  ASSERT_TRUE(retried);
  EXPECT_EQ(retried->attempts, 1);
  EXPECT_EQ(retried->last_error, "421 busy");
  // A sent row is never claimed again, whatever the job says.
  store().mark_sent(2, 2, db_.clock.now());
  EXPECT_FALSE(store().claim(2, 2, db_.clock.now(), 60s));
  EXPECT_FALSE(store().claim(99, 0, db_.clock.now(), 60s));
}

TEST_P(soci_notification_store_test, released_rows_are_due_again_at_the_given_time) {
  fire_three();
  EXPECT_EQ(claim(10, 300s), (ids_t{1, 2, 3}));
  const std::vector<std::int64_t> unpublished{1, 3};
  store().release(unpublished, db_.clock.now() + 1s);
  EXPECT_EQ(claim(), ids_t{});
  db_.clock.advance(1s);
  EXPECT_EQ(claim(), (ids_t{1, 3}));
}

TEST_P(soci_notification_store_test, concurrent_claimers_take_disjoint_rows) {
  // Two processes' worth of connections on one database, claiming at the same time.
  std::vector<std::int64_t> alerts;
  for (int i = 0; i < 200; ++i) alerts.push_back(db_.create_alert(alert_condition::above, "1"));
  db_.fire(alerts);
  auto other = make_database(database_config{db_.scratch.url(), 2});
  std::vector<std::int64_t> first, second;
  const auto drain = [this](notification_store& claimer, std::vector<std::int64_t>& taken) {
    while (true) {
      const auto rows = claimer.claim_due(db_.clock.now(), 7, 60s);
      if (rows.empty()) return;
      for (const auto& row : rows) taken.push_back(row.id);
    }
  };
  std::thread racing([&] { drain(other->notifications(), second); });
  drain(store(), first);
  racing.join();
  std::set<std::int64_t> all(first.begin(), first.end());
  all.insert(second.begin(), second.end());
  EXPECT_EQ(all.size(), 200u);
  EXPECT_EQ(first.size() + second.size(), 200u);  // none taken twice
}

INSTANTIATE_TEST_SUITE_P(backends, soci_notification_store_test, ::testing::ValuesIn(test_support::database_backends()),
                         test_support::backend_name);

}  // namespace
}  // namespace pricewatch
