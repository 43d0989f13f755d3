// Tests the SOCI database: opening by URL, migrations and the settings store, on every backend.
#include "storage/soci/soci_database.hpp"

#include "core/backend_error.hpp"
#include "storage/soci/embedded_migrations.hpp"
#include "scratch_database.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string_view>
#include <thread>

namespace pricewatch {
namespace {

// How many migrations the binary carries for a dialect: what a fresh database applies.
int migrations_of(std::string_view dialect) {
  const auto all = storage::embedded_migrations();
  return static_cast<int>(std::count_if(all.begin(), all.end(), [dialect](const storage::embedded_migration& migration) {
    return std::string_view(migration.dialect) == dialect;
  }));
}

int sqlite_migrations() { return migrations_of("sqlite"); }

class soci_database_test : public ::testing::TestWithParam<std::string> {
 protected:
  test_support::scratch_database scratch_{GetParam()};
};

TEST_P(soci_database_test, migrates_a_fresh_database_once) {
  EXPECT_GE(migrations_of(GetParam()), 1);
  EXPECT_EQ(make_database(database_config{scratch_.url(), 2})->migrate(), migrations_of(GetParam()));
  const auto reopened = make_database(database_config{scratch_.url(), 2});
  EXPECT_EQ(reopened->migrate(), 0);
  EXPECT_TRUE(reopened->ping());
  EXPECT_EQ(reopened->users().count(), 0);
}

TEST_P(soci_database_test, processes_starting_together_apply_the_migrations_once) {
  auto first = make_database(database_config{scratch_.url(), 1});
  auto second = make_database(database_config{scratch_.url(), 1});
  int applied_by_second = -1;
  std::thread racing([&] { applied_by_second = second->migrate(); });
  const int applied_by_first = first->migrate();
  racing.join();
  EXPECT_EQ(applied_by_first + applied_by_second, migrations_of(GetParam()));
}

TEST_P(soci_database_test, settings_keep_the_first_value_across_connections) {
  const auto database = make_database(database_config{scratch_.url(), 2});
  database->migrate();
  EXPECT_EQ(database->settings().get_or_insert("jwt_secret", "first"), "first");
  EXPECT_EQ(database->settings().get_or_insert("jwt_secret", "second"), "first");
  EXPECT_EQ(make_database(database_config{scratch_.url(), 1})->settings().get_or_insert("jwt_secret", "third"),
            "first");
}

// /readyz's write probe: a healthy database of every backend takes it, again and again, and two
// processes probing together do not conflict.
TEST_P(soci_database_test, a_healthy_database_is_writable_from_every_process) {
  const auto first = make_database(database_config{scratch_.url(), 2});
  first->migrate();
  const auto second = make_database(database_config{scratch_.url(), 1});
  EXPECT_TRUE(first->writable());
  EXPECT_TRUE(second->writable());
  EXPECT_TRUE(first->writable());
}

TEST_P(soci_database_test, every_backend_carries_the_same_columns) {
  // The stores' SQL is shared: a column missing in one dialect's schema fails here.
  const auto database = make_database(database_config{scratch_.url(), 1});
  database->migrate();
  scratch_.run("SELECT id, user_id, symbol, direction, target_units, status, created_at, triggered_at, "
               "triggered_units, imported, percent_bp, move_window, frequency, cooldown_seconds, expires_at, note, "
               "fire_count, last_fired_at, last_fired_units, last_firing_id FROM alerts");
  scratch_.run("SELECT id, alert_id, user_id, recipient, symbol, direction, target_units, price_units, status, "
               "attempts, next_attempt_at, last_error, created_at, sent_at, firing_id, firing_sequence "
               "FROM notifications");
  scratch_.run("SELECT id, alert_id, user_id, sequence, symbol, direction, target_units, percent_bp, price_units, "
               "fired_at FROM firings");
  scratch_.run("SELECT id, email, email_key, password_hash, created_at FROM users");
}

INSTANTIATE_TEST_SUITE_P(backends, soci_database_test, ::testing::ValuesIn(test_support::database_backends()),
                         test_support::backend_name);

TEST(soci_database, carries_the_initial_sqlite_migration) {
  EXPECT_GE(sqlite_migrations(), 1);
  const auto all = storage::embedded_migrations();
  EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](const storage::embedded_migration& migration) {
    return std::string_view(migration.dialect) == "sqlite" && migration.version == 1;
  }));
}

TEST(soci_database, migrate_applies_the_migrations_once) {
  const test_support::temp_directory directory;
  const auto database = make_database(database_config{directory.sqlite_url(), 2});
  EXPECT_EQ(database->migrate(), sqlite_migrations());
  EXPECT_EQ(database->migrate(), 0);
  EXPECT_TRUE(database->ping());
  EXPECT_EQ(database->users().count(), 0);
}

TEST(soci_database, migrations_persist_across_connections) {
  const test_support::temp_directory directory;
  EXPECT_EQ(make_database(database_config{directory.sqlite_url(), 1})->migrate(), sqlite_migrations());
  EXPECT_EQ(make_database(database_config{directory.sqlite_url(), 1})->migrate(), 0);
}

TEST(soci_database, creates_the_folder_of_the_file) {
  const test_support::temp_directory directory;
  const auto database = make_database(database_config{directory.sqlite_url("nested/deeper/t.db"), 1});
  EXPECT_EQ(database->migrate(), sqlite_migrations());
  EXPECT_TRUE(std::filesystem::exists(directory.path() / "nested" / "deeper" / "t.db"));
}

TEST(soci_database, settings_keep_the_first_value) {
  const test_support::temp_directory directory;
  const auto database = make_database(database_config{directory.sqlite_url(), 2});
  database->migrate();
  EXPECT_EQ(database->settings().get_or_insert("jwt_secret", "first"), "first");
  EXPECT_EQ(database->settings().get_or_insert("jwt_secret", "second"), "first");
  EXPECT_EQ(database->settings().get_or_insert("other", "third"), "third");
}

TEST(soci_database, settings_survive_reopening) {
  const test_support::temp_directory directory;
  {
    const auto database = make_database(database_config{directory.sqlite_url(), 1});
    database->migrate();
    database->settings().get_or_insert("jwt_secret", "kept");
  }
  const auto reopened = make_database(database_config{directory.sqlite_url(), 1});
  EXPECT_EQ(reopened->migrate(), 0);
  EXPECT_EQ(reopened->settings().get_or_insert("jwt_secret", "new"), "kept");
}

TEST(make_database, refuses_unsupported_urls) {
  EXPECT_THROW(make_database(database_config{"oracle://db", 1}), std::invalid_argument);
  EXPECT_THROW(make_database(database_config{"sqlite://", 1}), std::invalid_argument);
  EXPECT_THROW(make_database(database_config{"postgresql://user@127.0.0.1:5432", 1}), std::invalid_argument);
  EXPECT_THROW(make_database(database_config{"mysql://user@127.0.0.1:3306/a/b", 1}), std::invalid_argument);
}

#if PRICEWATCH_HAS_POSTGRESQL
TEST(make_database, an_unreachable_server_is_a_backend_error_without_the_password) {
  try {
    make_database(database_config{"postgresql://pricewatch:s3cret@127.0.0.1:1/pricewatch", 1});
    FAIL() << "connected to a closed port";
  } catch (const backend_error& error) {
    EXPECT_EQ(std::string(error.what()).find("s3cret"), std::string::npos) << error.what();
  }
}
#endif

}  // namespace
}  // namespace pricewatch
