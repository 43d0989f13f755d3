// Tests the SOCI database on SQLite: opening by URL, migrations and the settings store.
#include "storage/soci/soci_database.hpp"

#include "storage/soci/embedded_migrations.hpp"
#include "temp_directory.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace pricewatch {
namespace {

// How many migrations the binary carries for SQLite: what a fresh database applies.
int sqlite_migrations() {
  const auto all = storage::embedded_migrations();
  return static_cast<int>(std::count_if(all.begin(), all.end(), [](const storage::embedded_migration& migration) {
    return std::string_view(migration.dialect) == "sqlite";
  }));
}

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
}

}  // namespace
}  // namespace pricewatch
