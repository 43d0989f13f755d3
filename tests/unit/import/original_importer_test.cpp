// Tests import_original from a scripted original (rows in memory) into pricewatch's SQLite
// database: what is imported and kept, what is skipped and reported, a second run, a database that
// holds rows of its own (refused, or merged), slices of alerts.
#include "import/original_importer.hpp"

#include "import/original_rows.hpp"
#include "storage/database.hpp"
#include "storage/original_source.hpp"
#include "temp_directory.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

const std::string alice_hash = "pbkdf2_sha256$1000$seasalt0123456789abcd$HY62XieXM90MMTi5ATfPxiZ8Bhvfx2LAiP5A5cP2kdE=";
const std::string bob_hash = "pbkdf2_sha256$1000$X3dr0m9bQ2vT5kLpZa8WcY$hlQJbNrw7IicYqttMzW+DwSp17NOFmoYmJc/in7aVnw=";

// The original's rows, as a database would give them: users by id, alerts in slices by id.
class scripted_original final : public original_source {
 public:
  std::vector<original_user> user_rows;
  std::vector<original_alert> alert_rows;
  std::vector<std::size_t> slices;  // the size of each slice read

  std::string description() const override { return "sqlite://original.db"; }
  std::vector<original_user> users() override { return user_rows; }
  std::vector<original_alert> alerts_after(std::int64_t after_id, std::size_t limit) override {
    std::vector<original_alert> slice;
    for (const auto& row : alert_rows) {
      if (row.id > after_id && slice.size() < limit) slice.push_back(row);
    }
    slices.push_back(slice.size());
    return slice;
  }
};

class original_importer_test : public ::testing::Test {
 protected:
  original_importer_test() {
    database_->migrate();
    original_.user_rows = {
        {1, "alice@example.com", alice_hash, true, "2023-01-02 03:04:05"},
        {2, "Bob@Example.com", bob_hash, true, "2023-02-03 04:05:06.5"},
        {3, "not-an-email", alice_hash, true, std::nullopt},
        {4, "carol@example.com", "!unusable0123456789", true, std::nullopt},
        {5, "ALICE@example.com", bob_hash, true, std::nullopt},
    };
    original_.alert_rows = {
        {10, "alice@example.com", "created", "51000.00"},   {11, "alice@example.com", "triggered", "45000.50"},
        {12, "bob@example.com", "deleted", "0.10000000"},   {13, "nobody@example.com", "created", "1.00"},
        {14, "not-an-email", "created", "1.00"},            {15, "alice@example.com", "created", "0.00"},
        {16, "alice@example.com", "created", "-5.00"},      {17, "alice@example.com", "created", "abc"},
        {18, "alice@example.com", "expired", "1.00"},       {2000, "CAROL@example.com", "created", "60000"},
    };
  }

  result<import_report> run(import_mode mode = import_mode::into_empty, std::size_t per_transaction = 20'000) {
    return import_original(original_, database_->users(), database_->alerts(), import_settings{mode, per_transaction},
                           clock_, monotonic_);
  }

  std::vector<alert> alerts_of(const std::string& email) {
    const auto owner = database_->users().find_by_email(email);
    if (!owner) return {};
    return database_->alerts().list(alert_filter{owner->id, std::nullopt, std::nullopt, std::nullopt}, list_order::oldest_first, 0,
                                    100);
  }

  static std::vector<std::int64_t> ids(const std::vector<alert>& alerts) {
    std::vector<std::int64_t> result;
    for (const auto& item : alerts) result.push_back(item.id);
    return result;
  }

  static std::vector<std::string> reasons(const import_report& report) {
    std::vector<std::string> result;
    for (const auto& row : report.skipped) result.push_back(row.row + ": " + row.reason);
    return result;
  }

  test_support::temp_directory directory_;
  std::unique_ptr<database> database_ = make_database(database_config{directory_.sqlite_url(), 2});
  manual_clock clock_{time_point(std::chrono::seconds(1'790'000'000))};
  manual_monotonic_clock monotonic_;
  scripted_original original_;
};

TEST_F(original_importer_test, imports_what_can_work_and_reports_the_rest) {
  const auto report = run();
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->source, "sqlite://original.db");
  EXPECT_EQ(report->users.read, 5);
  EXPECT_EQ(report->users.imported, 3);
  EXPECT_EQ(report->users.skipped, 2);
  EXPECT_EQ(report->alerts.read, 10);
  EXPECT_EQ(report->alerts.imported, 4);
  EXPECT_EQ(report->alerts.skipped, 6);
  EXPECT_EQ(report->watched, 2);
  EXPECT_EQ(reasons(*report),
            (std::vector<std::string>{
                "user 3 \"not-an-email\": its email is not an address pricewatch can mail",
                "user 5 \"ALICE@example.com\": the same email as user 1 (emails compare case-insensitively); its alerts "
                "go to that account",
                "alert 13 \"nobody@example.com\": its owner is not an imported account",
                "alert 14 \"not-an-email\": its owner is not an email address",
                "alert 15 \"alice@example.com\": its price is zero",
                "alert 16 \"alice@example.com\": its price is negative",
                "alert 17 \"alice@example.com\": its price is not one pricewatch can hold exactly: Price must be a "
                "number.",
                "alert 18 \"alice@example.com\": its status is not created, triggered or deleted",
            }));
  ASSERT_EQ(report->cannot_log_in.size(), 1u);
  EXPECT_EQ(report->cannot_log_in[0].row, "user 4 \"carol@example.com\"");

  const auto alice = database_->users().find_by_email("alice@example.com");
  ASSERT_TRUE(alice);
  EXPECT_EQ(alice->password_hash, alice_hash);
  EXPECT_EQ(alice->created_at, *parse_django_datetime("2023-01-02 03:04:05"));
  EXPECT_EQ(database_->users().find_by_email("bob@example.com")->email, "Bob@example.com");
  EXPECT_EQ(database_->users().find_by_email("carol@example.com")->password_hash, "!");
  EXPECT_EQ(database_->users().count(), 3);

  const auto alice_alerts = alerts_of("alice@example.com");
  EXPECT_EQ(ids(alice_alerts), (std::vector<std::int64_t>{10, 11}));
  EXPECT_EQ(alice_alerts[0].target.to_string(2), "51000.00");
  EXPECT_EQ(alice_alerts[0].status, alert_status::created);
  EXPECT_EQ(alice_alerts[0].symbol, "BTCUSDT");
  EXPECT_EQ(alice_alerts[0].condition, alert_condition::above);
  EXPECT_EQ(alice_alerts[1].target.to_string(2), "45000.50");
  EXPECT_EQ(alice_alerts[1].status, alert_status::triggered);
  EXPECT_EQ(alice_alerts[1].delivery, std::nullopt) << "its email went out from the original";
  const auto bob_alerts = alerts_of("bob@example.com");
  ASSERT_EQ(ids(bob_alerts), std::vector<std::int64_t>{12});
  EXPECT_EQ(bob_alerts[0].target.to_string(2), "0.10");
  EXPECT_EQ(bob_alerts[0].status, alert_status::deleted);
  EXPECT_EQ(ids(alerts_of("carol@example.com")), std::vector<std::int64_t>{2000});

  // The created ones are what a watcher starts from.
  std::vector<std::int64_t> active;
  for (const auto& watched : database_->alerts().load_active()) active.push_back(watched.id);
  EXPECT_EQ(active, (std::vector<std::int64_t>{10, 2000}));
  EXPECT_EQ(database_->notifications().next_due(), std::nullopt) << "no email is owed for an imported alert";
}

TEST_F(original_importer_test, alerts_created_afterwards_get_ids_above_the_imported_ones) {
  ASSERT_TRUE(run());
  const auto alice = database_->users().find_by_email("alice@example.com");
  const auto created = database_->alerts().create(alice->id, level_request("BTCUSDT", alert_condition::above,
                                                                           price::from_units(100)),
                                                  clock_.now());
  EXPECT_EQ(created.id, 2001);
}

TEST_F(original_importer_test, a_second_run_imports_nothing_twice) {
  ASSERT_TRUE(run());
  const auto alice_hash_before = database_->users().find_by_email("alice@example.com")->password_hash;
  const auto again = run();
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->users.imported, 0);
  EXPECT_EQ(again->users.already_imported, 3);
  EXPECT_EQ(again->users.skipped, 2);
  EXPECT_EQ(again->alerts.imported, 0);
  EXPECT_EQ(again->alerts.already_imported, 4);
  EXPECT_EQ(again->alerts.skipped, 6);
  EXPECT_EQ(again->watched, 0);
  EXPECT_EQ(database_->users().count(), 3);
  EXPECT_EQ(ids(alerts_of("alice@example.com")), (std::vector<std::int64_t>{10, 11}));
  EXPECT_EQ(database_->users().find_by_email("alice@example.com")->password_hash, alice_hash_before);
}

TEST_F(original_importer_test, a_second_run_leaves_what_pricewatch_changed_since) {
  ASSERT_TRUE(run());
  const auto alice = database_->users().find_by_email("alice@example.com");
  ASSERT_EQ(database_->alerts().mark_deleted(alice->id, 10), delete_outcome::deleted);
  ASSERT_TRUE(database_->users().replace_password_hash(alice->id, alice_hash, "$argon2id$upgraded"));
  const auto again = run();
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->alerts.already_imported, 4);
  EXPECT_EQ(database_->alerts().find(alice->id, 10)->status, alert_status::deleted);
  EXPECT_EQ(database_->users().find_by_email("alice@example.com")->password_hash, "$argon2id$upgraded");
}

TEST_F(original_importer_test, refuses_a_database_with_rows_of_its_own_and_writes_nothing) {
  const auto registered = database_->users().create("zoe@example.com", "$argon2id$hash", clock_.now());
  ASSERT_TRUE(registered);
  const auto refused = run();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::conflict);
  EXPECT_EQ(refused.error().message,
            "pricewatch's database already holds 1 account and 0 alerts that were not imported from the original; "
            "nothing was imported. Import into a new database, or pass --merge to add the original's rows beside "
            "them.");
  EXPECT_EQ(database_->users().count(), 1);
  EXPECT_TRUE(original_.slices.empty()) << "nothing was read";

  database_->alerts().create(registered->id, level_request("ETHUSDT", alert_condition::below, price::from_units(5)),
                             clock_.now());
  EXPECT_NE(run().error().message.find("1 account and 1 alert "), std::string::npos);
}

TEST_F(original_importer_test, refuses_after_pricewatch_made_rows_of_its_own_beside_an_import) {
  ASSERT_TRUE(run());
  const auto alice = database_->users().find_by_email("alice@example.com");
  database_->alerts().create(alice->id, level_request("BTCUSDT", alert_condition::above, price::from_units(5)),
                             clock_.now());
  const auto refused = run();
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("0 accounts and 1 alert "), std::string::npos) << refused.error().message;
  EXPECT_TRUE(run(import_mode::merge));
}

TEST_F(original_importer_test, merging_keeps_accounts_registered_here_and_skips_ids_taken_here) {
  const auto bob = database_->users().create("bob@example.com", "$argon2id$bobs-own", clock_.now());
  ASSERT_TRUE(bob);
  // Ids 1 to 12 are taken by alerts made here: 10, 11 and 12 clash with the original's.
  for (int i = 0; i < 12; ++i) {
    database_->alerts().create(bob->id, level_request("ETHUSDT", alert_condition::below, price::from_units(7)),
                               clock_.now());
  }
  const auto report = run(import_mode::merge);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->users.imported, 2);
  EXPECT_EQ(report->users_joined, 1);
  EXPECT_EQ(report->alerts.imported, 1);
  EXPECT_EQ(report->alerts.skipped, 9);
  const auto skipped = reasons(*report);
  for (const std::string id : {"10", "11", "12"}) {
    EXPECT_NE(std::find(skipped.begin(), skipped.end(),
                        "alert " + id +
                            ": its id is held by another alert in pricewatch (one made here, or of another owner)"),
              skipped.end())
        << id;
  }
  EXPECT_EQ(database_->users().find_by_email("bob@example.com")->password_hash, "$argon2id$bobs-own");
  EXPECT_EQ(database_->alerts().find(bob->id, 12)->symbol, "ETHUSDT") << "the alert made here is unchanged";
  EXPECT_EQ(ids(alerts_of("carol@example.com")), std::vector<std::int64_t>{2000});

  // Bob's alert from the original joins his account here once its id is free.
  original_.alert_rows.push_back({3000, "bob@example.com", "created", "42000"});
  const auto again = run(import_mode::merge);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->users_joined, 1);
  EXPECT_EQ(again->alerts.imported, 1);
  EXPECT_EQ(database_->alerts().find(bob->id, 3000)->target.to_string(2), "42000.00");
}

TEST_F(original_importer_test, reads_and_stores_alerts_in_slices) {
  const auto report = run(import_mode::into_empty, 3);
  ASSERT_TRUE(report);
  EXPECT_EQ(original_.slices, (std::vector<std::size_t>{3, 3, 3, 1, 0}));
  EXPECT_EQ(report->alerts.read, 10);
  EXPECT_EQ(report->alerts.imported, 4);
  EXPECT_EQ(report->alerts.skipped, 6);
}

TEST_F(original_importer_test, an_original_without_rows_imports_nothing) {
  original_.user_rows.clear();
  original_.alert_rows.clear();
  const auto report = run();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->users.read, 0);
  EXPECT_EQ(report->alerts.read, 0);
  EXPECT_EQ(database_->users().count(), 0);
}

TEST_F(original_importer_test, measures_its_time_on_the_monotonic_clock) {
  class ticking_original final : public original_source {
   public:
    explicit ticking_original(manual_monotonic_clock& clock) : clock_(clock) {}
    std::string description() const override { return "x"; }
    std::vector<original_user> users() override {
      clock_.advance(1500ms);
      return {};
    }
    std::vector<original_alert> alerts_after(std::int64_t, std::size_t) override { return {}; }

   private:
    manual_monotonic_clock& clock_;
  } ticking(monotonic_);
  const auto report =
      import_original(ticking, database_->users(), database_->alerts(), import_settings{}, clock_, monotonic_);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->elapsed, 1500ms);
}

}  // namespace
}  // namespace pricewatch
