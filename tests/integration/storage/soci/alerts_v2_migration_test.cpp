// Tests the alerts-v2 migration (sqlite/0005, postgresql/0003, mysql/0003) on every backend: a
// database of the schema before it, holding fired alerts and their notifications, comes out with
// a firing per fired alert, its notification linked and every store working; on SQLite, the
// rebuilt tables keep their indexes and foreign keys, and a broken reference stops the migration.
#include "storage/soci/soci_database.hpp"

#include "core/backend_error.hpp"
#include "core/time_format.hpp"
#include "storage/soci/embedded_migrations.hpp"
#include "scratch_database.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <set>
#include <string_view>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

constexpr long long fired_at = 1'790'000'010'000;  // ms

// The version of the dialect's migration before alerts v2.
int version_before_alerts_v2(std::string_view dialect) {
  for (const auto& migration : storage::embedded_migrations()) {
    if (migration.dialect == dialect && std::string_view(migration.name).ends_with("_alerts_v2")) {
      return migration.version - 1;
    }
  }
  throw std::runtime_error("no alerts_v2 migration for " + std::string(dialect));
}

class alerts_v2_migration_test : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto& migrating = dynamic_cast<storage::soci_database&>(*database_);
    ASSERT_GT(migrating.migrate_up_to(version_before_alerts_v2(GetParam())), 0);
    // Rows as the previous version wrote them: a triggered alert whose email was sent, one
    // deleted after it fired whose email is pending, one waiting, one imported as triggered.
    soci::session sql;
    storage::resolve_database_url(scratch_.url()).connect(sql);
    sql << "INSERT INTO users (email, email_key, password_hash, created_at) VALUES "
           "('bob@example.org', 'bob@example.org', 'hash', 1)";
    sql << "SELECT id FROM users", soci::into(user_id_);
    const auto alert = [&](const std::string& values) {
      sql << "INSERT INTO alerts (user_id, symbol, direction, target_units, status, created_at, triggered_at, "
             "triggered_units, imported) VALUES (" + std::to_string(user_id_) + ", " + values + ")";
      long long id = 0;
      sql << "SELECT MAX(id) FROM alerts", soci::into(id);
      return id;
    };
    triggered_ = alert("'BTCUSDT', 'above', 5100000000000, 'triggered', 1000, " + std::to_string(fired_at) +
                       ", 5100050000000, 0");
    deleted_ = alert("'ETHUSDT', 'below', 200000000000, 'deleted', 1000, " + std::to_string(fired_at - 5000) +
                     ", 199900000000, 0");
    waiting_ = alert("'BTCUSDT', 'below', 4000000000000, 'created', 1000, NULL, NULL, 0");
    imported_ = alert("'BTCUSDT', 'above', 100000000, 'triggered', 1000, NULL, NULL, 1");
    const auto notification = [&](long long alert_id, const std::string& rest) {
      sql << "INSERT INTO notifications (alert_id, user_id, recipient, symbol, direction, target_units, price_units, "
             "status, attempts, next_attempt_at, last_error, created_at, sent_at) SELECT id, user_id, "
             "'bob@example.org', symbol, direction, target_units, triggered_units, " + rest +
             " FROM alerts WHERE id = " + std::to_string(alert_id);
    };
    notification(triggered_, "'sent', 1, triggered_at, NULL, triggered_at, triggered_at + 700");
    notification(deleted_, "'pending', 2, triggered_at + 60000, '421 busy', triggered_at, NULL");
    ASSERT_GE(database_->migrate(), 1) << "alerts v2 and what came after it";
  }

  alert_store& alerts() { return database_->alerts(); }

  test_support::scratch_database scratch_{GetParam()};
  // One connection: what the migration did to it, the stores then see.
  std::unique_ptr<database> database_ = make_database(database_config{scratch_.url(), 1});
  long long user_id_ = 0;
  long long triggered_ = 0, deleted_ = 0, waiting_ = 0, imported_ = 0;
};

TEST_P(alerts_v2_migration_test, every_fired_alert_has_its_firing_and_its_notification_linked) {
  const auto triggered = alerts().find(user_id_, triggered_);
  ASSERT_TRUE(triggered);
  EXPECT_EQ(triggered->status, alert_status::triggered);
  EXPECT_EQ(triggered->fire_count, 1);
  EXPECT_EQ(triggered->triggered_at, from_unix_millis(fired_at));
  EXPECT_EQ(triggered->triggered_price, *price::parse("51000.5"));
  EXPECT_EQ(triggered->last_fired_at, from_unix_millis(fired_at));
  EXPECT_EQ(triggered->last_fired_price, *price::parse("51000.5"));
  EXPECT_EQ(triggered->frequency, alert_frequency::once);
  EXPECT_EQ(triggered->cooldown, 60s);
  EXPECT_EQ(triggered->note, "");
  ASSERT_TRUE(triggered->delivery);
  EXPECT_EQ(triggered->delivery->status, "sent");
  EXPECT_EQ(triggered->delivery->attempts, 1);
  EXPECT_EQ(triggered->delivery->sent_at, from_unix_millis(fired_at + 700));

  const auto deleted = alerts().find(user_id_, deleted_);
  EXPECT_EQ(deleted->status, alert_status::deleted);
  EXPECT_EQ(deleted->fire_count, 1);
  EXPECT_EQ(deleted->delivery->last_error, "421 busy");

  for (const auto id : {waiting_, imported_}) {
    const auto unfired = alerts().find(user_id_, id);
    EXPECT_EQ(unfired->fire_count, 0);
    EXPECT_EQ(unfired->last_fired_at, std::nullopt);
    EXPECT_EQ(unfired->delivery, std::nullopt);
  }

  // One firing per fired alert, in the order they fired: the latest first.
  const firing_filter all{user_id_, std::nullopt, std::nullopt, std::nullopt};
  EXPECT_EQ(alerts().count_firings(all), 2);
  const auto history = alerts().list_firings(all, 0, 10);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].alert_id, triggered_);
  EXPECT_EQ(history[0].sequence, 1);
  EXPECT_EQ(history[0].fired_at, from_unix_millis(fired_at));
  EXPECT_EQ(history[0].fired_price, *price::parse("51000.5"));
  EXPECT_EQ(history[0].target, *price::parse("51000"));
  EXPECT_EQ(history[0].condition, alert_condition::above);
  ASSERT_EQ(history[0].deliveries.size(), 1u);
  EXPECT_EQ(history[0].deliveries[0].status, "sent");
  EXPECT_EQ(history[1].alert_id, deleted_);
  EXPECT_EQ(history[1].symbol, "ETHUSDT");
  ASSERT_EQ(history[1].deliveries.size(), 1u);
  EXPECT_EQ(history[1].deliveries[0].attempts, 2);

  // The pending email goes on as the first firing's.
  const auto claimed = database_->notifications().claim_due(from_unix_millis(fired_at + 60000), 10, 60s);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].alert_id, deleted_);
  EXPECT_EQ(claimed[0].firing_sequence, 1);
  EXPECT_EQ(claimed[0].attempts, 2);
}

TEST_P(alerts_v2_migration_test, the_migrated_schema_takes_what_alerts_v2_stores) {
  const auto now = from_unix_millis(fired_at + 100'000);
  const auto active = alerts().load_active();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].id, waiting_);
  EXPECT_EQ(active[0].fire_count, 0);

  // A recurring alert now: two firings, two notifications for one alert.
  auto request = request_of(*alerts().find(user_id_, waiting_));
  request.frequency = alert_frequency::every_time;
  request.condition = alert_condition::crossing;
  ASSERT_EQ(alerts().update(user_id_, waiting_, request, alert_status::created).outcome, change_outcome::changed);
  const firing both[] = {{waiting_, *price::parse("39999"), now},
                         {waiting_, *price::parse("40001"), now + request.cooldown}};
  EXPECT_EQ(alerts().fire(both, now).size(), 2u);
  EXPECT_EQ(alerts().find(user_id_, waiting_)->fire_count, 2);
  EXPECT_EQ(alerts().count_firings(firing_filter{user_id_, waiting_, std::nullopt, std::nullopt}), 2);
  EXPECT_EQ(database_->notifications().count_by_status()[notification_status::pending], 3);

  auto moving = level_request("ETHUSDT", alert_condition::moving_up, price());
  moving.percent_bp = 1000;
  moving.window = move_window::h24;
  moving.note = "über";
  const auto made = alerts().create(user_id_, moving, now);
  EXPECT_GT(made.id, imported_) << "ids go on above the migrated ones";
  EXPECT_EQ(made.window, move_window::h24);
  EXPECT_EQ(made.note, "über");
  auto expiring = level_request("BTCUSDT", alert_condition::crossing_down, *price::parse("1"));
  expiring.expires_at = now;
  const auto doomed = alerts().create(user_id_, expiring, now).id;
  const auto expired = alerts().expire_due(now, 10);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].id, doomed);
}

// The channels migration after it (sqlite/0008, postgresql/0006, mysql/0006): every account gets
// its own email channel as its default, and each notification queued before names it.
TEST_P(alerts_v2_migration_test, every_account_has_its_email_channel_and_old_deliveries_name_it) {
  const auto channels = database_->channels().list(user_id_);
  ASSERT_EQ(channels.size(), 1u);
  EXPECT_EQ(channels[0].type, channel_type::email);
  EXPECT_EQ(channels[0].config, (channel_config{{"address", "bob@example.org"}}));
  EXPECT_TRUE(channels[0].is_default);
  const auto firings = alerts().list_firings(firing_filter{user_id_, std::nullopt, std::nullopt, std::nullopt}, 0, 10);
  ASSERT_EQ(firings.size(), 2u);
  for (const auto& firing : firings) {
    ASSERT_EQ(firing.deliveries.size(), 1u);
    EXPECT_EQ(firing.deliveries[0].channel_id, channels[0].id);
    EXPECT_EQ(firing.deliveries[0].type, "email");
  }
  const auto due = database_->notifications().claim_due(from_unix_millis(fired_at) + 1h, 10, 60s);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].channel_id, channels[0].id);
  EXPECT_EQ(due[0].channel, channel_type::email);
}

INSTANTIATE_TEST_SUITE_P(backends, alerts_v2_migration_test, ::testing::ValuesIn(test_support::database_backends()),
                         test_support::backend_name);

// SQLite rebuilds alerts and notifications: what the old tables had comes along.
std::set<std::string> sqlite_indexes(soci::session& sql) {
  std::set<std::string> names;
  soci::rowset<std::string> rows = (sql.prepare << "SELECT name FROM sqlite_master WHERE type = 'index' "
                                                   "AND name NOT LIKE 'sqlite_autoindex_%'");
  names.insert(rows.begin(), rows.end());
  return names;
}

TEST(alerts_v2_migration_sqlite, keeps_every_index_and_the_bulk_import_index_handling) {
  test_support::scratch_database scratch("sqlite");
  auto database = make_database(database_config{scratch.url(), 1});
  dynamic_cast<storage::soci_database&>(*database).migrate_up_to(version_before_alerts_v2("sqlite"));
  soci::session sql;
  storage::resolve_database_url(scratch.url()).connect(sql);
  const auto before = sqlite_indexes(sql);
  EXPECT_EQ(before, (std::set<std::string>{"alerts_by_user", "alerts_active", "notifications_due"}));
  ASSERT_GE(database->migrate(), 1) << "alerts v2 and what came after it";
  auto after = before;
  // Those of alerts v2, and of the later migrations: channels (0008), sessions (0012), the
  // outbox by channel type (0013), the active alerts by exchange (0015).
  after.insert({"alerts_expiring", "firings_by_user", "firings_by_alert", "notifications_by_alert",
                "channels_by_user", "channels_by_verify_token", "refresh_tokens_by_user",
                "refresh_tokens_by_family", "password_resets_by_user", "notifications_due_by_type",
                "alerts_active_by_exchange"});
  EXPECT_EQ(sqlite_indexes(sql), after);
  // The unique keys: a firing's sequence per alert, a notification per firing.
  int unique_keys = 0;
  sql << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'sqlite_autoindex_%' "
         "AND tbl_name IN ('firings', 'notifications')",
      soci::into(unique_keys);
  EXPECT_EQ(unique_keys, 2);

  database->alerts().prepare_bulk_import();
  EXPECT_FALSE(sqlite_indexes(sql).contains("alerts_by_user"));
  database->alerts().finish_bulk_import();
  EXPECT_EQ(sqlite_indexes(sql), after);
}

// An alert imported for an owner who is not there: refused while foreign keys are on.
std::vector<import_outcome> import_for_nobody(database& target) {
  const imported_alert nobodys[] = {imported_alert{7, 43, level_request("BTCUSDT", alert_condition::above,
                                                                        *price::parse("1")),
                                                 alert_status::created, time_point(1s)}};
  return target.alerts().import_alerts(nobodys);
}

TEST(alerts_v2_migration_sqlite, leaves_foreign_keys_on) {
  test_support::scratch_database scratch("sqlite");
  auto database = make_database(database_config{scratch.url(), 1});
  ASSERT_GT(database->migrate(), 0);
  // The one connection ran the migration: a reference to no one is still refused.
  EXPECT_THROW(import_for_nobody(*database), backend_error);
}

TEST(alerts_v2_migration_sqlite, a_broken_reference_stops_it_and_leaves_the_database_as_it_was) {
  test_support::scratch_database scratch("sqlite");
  const auto previous = version_before_alerts_v2("sqlite");
  auto database = make_database(database_config{scratch.url(), 1});
  dynamic_cast<storage::soci_database&>(*database).migrate_up_to(previous);
  {
    soci::session sql;
    storage::resolve_database_url(scratch.url()).connect(sql);
    sql << "PRAGMA foreign_keys = OFF";
    sql << "INSERT INTO alerts (user_id, symbol, direction, target_units, status, created_at) "
           "VALUES (42, 'BTCUSDT', 'above', 1, 'created', 1)";
  }
  try {
    database->migrate();
    FAIL() << "migrated over a reference to a missing user";
  } catch (const backend_error& error) {
    EXPECT_NE(std::string(error.what()).find("alerts row 1 refers to a missing row of users"), std::string::npos)
        << error.what();
  }
  soci::session sql;
  storage::resolve_database_url(scratch.url()).connect(sql);
  int version = 0;
  sql << "SELECT MAX(version) FROM schema_migrations", soci::into(version);
  EXPECT_EQ(version, previous);
  int firings_tables = 0;
  sql << "SELECT COUNT(*) FROM sqlite_master WHERE name = 'firings'", soci::into(firings_tables);
  EXPECT_EQ(firings_tables, 0);
  EXPECT_EQ(sqlite_indexes(sql), (std::set<std::string>{"alerts_by_user", "alerts_active", "notifications_due"}));
  // And foreign keys are back on for the connection that tried (an import writes the columns of
  // the schema before alerts v2).
  EXPECT_THROW(import_for_nobody(*database), backend_error);
}

}  // namespace
}  // namespace pricewatch
