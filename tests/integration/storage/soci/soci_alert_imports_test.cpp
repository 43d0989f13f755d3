// Tests the SOCI alert store's imports of the original's alerts on every backend (SQLite,
// PostgreSQL, MariaDB): their own ids, statuses and exact prices kept, no email queued, ids already
// held left as they are, large batches, and the bulk import's set-aside index.
#include "storage/soci/soci_alert_store.hpp"

#include "outbox_database.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string>
#include <vector>

namespace pricewatch {
namespace {

class soci_alert_imports_test : public ::testing::TestWithParam<std::string> {
 protected:
  test_support::outbox_database db_{GetParam()};
  alert_store& alerts() { return db_.database->alerts(); }
  std::int64_t pending() { return db_.notifications().count_by_status()[notification_status::pending]; }
};

imported_alert imported(std::int64_t id, std::int64_t owner, std::string_view target,
                        alert_status status = alert_status::created) {
  return imported_alert{id, owner, level_request("BTCUSDT", alert_condition::above, *price::parse(target)), status,
                        time_point(std::chrono::milliseconds(1'700'000'000'123))};
}

TEST_P(soci_alert_imports_test, import_keeps_ids_statuses_and_exact_prices_and_queues_no_email) {
  const imported_alert batch[] = {imported(100, db_.user_id, "51000.50"),
                                  imported(7, db_.user_id, "0.00000001", alert_status::triggered),
                                  imported(5000, db_.user_id, "9999999999.99999999", alert_status::deleted)};
  EXPECT_EQ(alerts().import_alerts(batch), std::vector<import_outcome>(3, import_outcome::stored));
  const auto first = db_.find(100);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->target.to_string(), "51000.5");
  EXPECT_EQ(first->status, alert_status::created);
  EXPECT_EQ(first->symbol, "BTCUSDT");
  EXPECT_EQ(first->condition, alert_condition::above);
  EXPECT_EQ(first->created_at, batch[0].created_at);
  EXPECT_EQ(first->owner_email, "bob@example.org");
  EXPECT_EQ(db_.find(7)->status, alert_status::triggered);
  EXPECT_EQ(db_.find(7)->triggered_at, std::nullopt);
  EXPECT_EQ(db_.find(7)->delivery, std::nullopt);
  EXPECT_EQ(db_.find(5000)->target.to_string(), "9999999999.99999999");
  EXPECT_EQ(pending(), 0);
  const auto active = alerts().load_active();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].id, 100);
  EXPECT_EQ(alerts().count_not_imported(), 0);
  EXPECT_TRUE(alerts().import_alerts({}).empty());
}

TEST_P(soci_alert_imports_test, alerts_created_after_an_import_get_ids_above_every_imported_one) {
  const auto before = db_.create_alert(alert_condition::above, "1");
  const imported_alert batch[] = {imported(before + 1000, db_.user_id, "2"), imported(before + 10, db_.user_id, "3")};
  ASSERT_EQ(alerts().import_alerts(batch), std::vector<import_outcome>(2, import_outcome::stored));
  const auto after = db_.create_alert(alert_condition::above, "4");
  EXPECT_GT(after, before + 1000);
  // An import below the highest id moves nothing back.
  const imported_alert lower[] = {imported(before + 500, db_.user_id, "5")};
  ASSERT_EQ(alerts().import_alerts(lower), std::vector{import_outcome::stored});
  EXPECT_GT(db_.create_alert(alert_condition::above, "6"), after);
  EXPECT_EQ(alerts().count_not_imported(), 3);
}

TEST_P(soci_alert_imports_test, import_leaves_an_id_already_held_as_it_is) {
  const auto made_here = db_.create_alert(alert_condition::below, "40000", "ETHUSDT");
  const auto other = db_.database->users().create("eve@example.org", "hash", db_.clock.now());
  ASSERT_TRUE(other);
  const imported_alert first[] = {imported(made_here + 1, db_.user_id, "51000")};
  ASSERT_EQ(alerts().import_alerts(first), std::vector{import_outcome::stored});
  ASSERT_EQ(alerts().mark_deleted(db_.user_id, made_here + 1), delete_outcome::deleted);

  const imported_alert again[] = {imported(made_here + 1, db_.user_id, "1"), imported(made_here + 1, other->id, "1"),
                                  imported(made_here, db_.user_id, "1"), imported(made_here + 2, other->id, "7")};
  EXPECT_EQ(alerts().import_alerts(again),
            (std::vector{import_outcome::already_imported, import_outcome::taken, import_outcome::taken,
                         import_outcome::stored}));
  EXPECT_EQ(db_.find(made_here + 1)->status, alert_status::deleted) << "what pricewatch changed since stays";
  EXPECT_EQ(db_.find(made_here + 1)->target.to_string(), "51000");
  EXPECT_EQ(db_.find(made_here)->symbol, "ETHUSDT");
  EXPECT_EQ(alerts().find(other->id, made_here + 2)->target.to_string(), "7");
  EXPECT_EQ(alerts().count_not_imported(), 1);
}

TEST_P(soci_alert_imports_test, imports_a_large_batch_in_one_call) {
  std::vector<imported_alert> batch;
  for (std::int64_t id = 1; id <= 3000; ++id) {
    batch.push_back(imported(id * 3, db_.user_id, std::to_string(id) + ".25",
                             id % 3 == 0 ? alert_status::deleted : alert_status::created));
  }
  const auto outcomes = alerts().import_alerts(batch);
  EXPECT_EQ(outcomes, std::vector<import_outcome>(3000, import_outcome::stored));
  EXPECT_EQ(alerts().count(alert_filter{db_.user_id, std::nullopt, std::nullopt, std::nullopt}), 3000);
  EXPECT_EQ(alerts().count_active(), 2000);
  EXPECT_EQ(db_.find(2999 * 3)->target.to_string(2), "2999.25");
  EXPECT_EQ(alerts().import_alerts(batch), std::vector<import_outcome>(3000, import_outcome::already_imported));
}

TEST_P(soci_alert_imports_test, a_bulk_import_keeps_every_query_working_and_its_indexes) {
  const auto made_here = db_.create_alert(alert_condition::above, "1");
  alerts().prepare_bulk_import();
  const imported_alert batch[] = {imported(made_here + 1, db_.user_id, "2", alert_status::deleted),
                                  imported(made_here + 2, db_.user_id, "3")};
  ASSERT_EQ(alerts().import_alerts(batch), std::vector<import_outcome>(2, import_outcome::stored));
  EXPECT_EQ(alerts().count(alert_filter{db_.user_id, alert_status::created, std::nullopt, std::nullopt}), 2);
  alerts().finish_bulk_import();
  EXPECT_EQ(alerts().count(alert_filter{db_.user_id, alert_status::deleted, std::nullopt, std::nullopt}), 1);
  const auto listed = alerts().list(alert_filter{db_.user_id, std::nullopt, std::nullopt, std::nullopt}, list_order::newest_first,
                                    0, 10);
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].id, made_here + 2);
  alerts().finish_bulk_import();  // twice is harmless
}


// SQLite sets the index of alerts by owner aside during a bulk import: it is back afterwards, and
// after an import that died before finishing, the next migrate() builds it again.
int sqlite_indexes_named(const std::string& url, const std::string& name) {
  soci::session session;
  storage::resolve_database_url(url).connect(session);
  int count = 0;
  session << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = :name", soci::use(name),
      soci::into(count);
  return count;
}

TEST(soci_alert_store_sqlite, sets_the_owner_index_aside_during_a_bulk_import_and_restores_it) {
  test_support::outbox_database db("sqlite");
  const auto url = db.scratch.url();
  ASSERT_EQ(sqlite_indexes_named(url, "alerts_by_user"), 1);
  db.database->alerts().prepare_bulk_import();
  EXPECT_EQ(sqlite_indexes_named(url, "alerts_by_user"), 0);
  db.database->alerts().finish_bulk_import();
  EXPECT_EQ(sqlite_indexes_named(url, "alerts_by_user"), 1);

  db.database->alerts().prepare_bulk_import();  // and the process dies here
  auto reopened = make_database(database_config{url, 1});
  EXPECT_EQ(reopened->migrate(), 0);
  EXPECT_EQ(sqlite_indexes_named(url, "alerts_by_user"), 1);
}

INSTANTIATE_TEST_SUITE_P(backends, soci_alert_imports_test, ::testing::ValuesIn(test_support::database_backends()),
                         test_support::backend_name);

}  // namespace
}  // namespace pricewatch
