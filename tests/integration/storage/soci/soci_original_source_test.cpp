// Tests reading the original's database on SQLite and MariaDB, built with the schema Django makes
// (tests/fixtures/original_schema): every column the import needs, NULLs, exact prices whatever
// the column stored, slices by id, and a database that is not the original's.
#include "storage/soci/soci_original_source.hpp"

#include "core/backend_error.hpp"
#include "original_database.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace pricewatch {
namespace {

const std::string django_hash = "pbkdf2_sha256$1000$seasalt0123456789abcd$HY62XieXM90MMTi5ATfPxiZ8Bhvfx2LAiP5A5cP2kdE=";

std::vector<std::string> original_backends() {
  std::vector<std::string> names{"sqlite"};
  if (PRICEWATCH_HAS_MYSQL) names.push_back("mysql");
  return names;
}

class soci_original_source_test : public ::testing::TestWithParam<std::string> {
 protected:
  test_support::original_database original_{GetParam(), PRICEWATCH_SOURCE_DIR "/tests/fixtures"};
};

TEST_P(soci_original_source_test, reads_every_account_by_id) {
  original_.add_user(2, "Bob@example.com", django_hash, false, "2023-01-02 03:04:05.5");
  original_.add_user(1, "alice@example.com", "!unusable", true, "2022-12-31 23:59:59");
  const auto source = make_original_source(original_.url());
  const auto users = source->users();
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].id, 1);
  EXPECT_EQ(users[0].email, "alice@example.com");
  EXPECT_EQ(users[0].password, "!unusable");
  EXPECT_EQ(users[0].is_active, true);
  EXPECT_EQ(users[0].date_joined.value_or("").substr(0, 19), "2022-12-31 23:59:59");
  EXPECT_EQ(users[1].id, 2);
  EXPECT_EQ(users[1].email, "Bob@example.com");
  EXPECT_EQ(users[1].password, django_hash);
  EXPECT_EQ(users[1].is_active, false);
  EXPECT_EQ(users[1].date_joined.value_or("").substr(0, 21), "2023-01-02 03:04:05.5");
}

TEST_P(soci_original_source_test, reads_prices_exactly_whatever_the_column_stored) {
  // What is stored (Django sends the decimal's text) and the number read, trailing zeros aside.
  const std::pair<const char*, const char*> prices[] = {
      {"51000.00", "51000"}, {"51000.50", "51000.5"}, {"0.10", "0.1"}, {"0.01", "0.01"},
      {"12345678.99", "12345678.99"}, {"-5.00", "-5"}, {"0.00", "0"}};
  long long id = 1;
  for (const auto& [stored, read] : prices) original_.add_alert(id++, "alice@example.com", stored, "created");
  const auto alerts = make_original_source(original_.url())->alerts_after(0, 100);
  ASSERT_EQ(alerts.size(), std::size(prices));
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    ASSERT_TRUE(alerts[i].price) << i;
    // SQLite gives an INTEGER as such and a REAL with 8 decimals, MySQL the column's 2 decimals.
    std::string text = *alerts[i].price;
    if (text.find('.') != std::string::npos) {
      while (text.ends_with("0")) text.pop_back();
      if (text.ends_with(".")) text.pop_back();
    }
    EXPECT_EQ(text, prices[i].second) << "stored " << prices[i].first << ", read " << *alerts[i].price;
    EXPECT_EQ(alerts[i].email, "alice@example.com");
    EXPECT_EQ(alerts[i].status, "created");
  }
}

TEST_P(soci_original_source_test, reads_alerts_in_slices_by_id) {
  for (long long id : {5, 1, 9, 3, 7}) original_.add_alert(id, "a@example.com", "1.00", id == 9 ? "deleted" : "created");
  const auto source = make_original_source(original_.url());
  const auto first = source->alerts_after(std::numeric_limits<std::int64_t>::min(), 2);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].id, 1);
  EXPECT_EQ(first[1].id, 3);
  const auto second = source->alerts_after(3, 2);
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[0].id, 5);
  EXPECT_EQ(second[1].id, 7);
  const auto last = source->alerts_after(7, 2);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].id, 9);
  EXPECT_EQ(last[0].status, "deleted");
  EXPECT_TRUE(source->alerts_after(9, 2).empty());
}

TEST_P(soci_original_source_test, refuses_a_database_that_is_not_the_originals) {
  original_.session() << "DROP TABLE pricing_alert";
  try {
    make_original_source(original_.url());
    FAIL() << "opened a database without pricing_alert";
  } catch (const backend_error& error) {
    EXPECT_NE(std::string(error.what()).find("no table pricing_alert"), std::string::npos) << error.what();
  }
}

TEST_P(soci_original_source_test, names_a_missing_column) {
  original_.session() << "CREATE TABLE pricing_alert_new (id INTEGER PRIMARY KEY, email VARCHAR(254), status "
                         "VARCHAR(10))";
  original_.session() << "DROP TABLE pricing_alert";
  original_.session() << "ALTER TABLE pricing_alert_new RENAME TO pricing_alert";
  try {
    make_original_source(original_.url());
    FAIL() << "opened a pricing_alert without price";
  } catch (const backend_error& error) {
    EXPECT_NE(std::string(error.what()).find("table pricing_alert has no column price"), std::string::npos)
        << error.what();
  }
}

INSTANTIATE_TEST_SUITE_P(backends, soci_original_source_test, ::testing::ValuesIn(original_backends()),
                         test_support::backend_name);

// SQLite only: the file the original left.
TEST(soci_original_source, reads_what_a_sqlite_numeric_column_kept_as_text) {
  test_support::original_database original("sqlite", PRICEWATCH_SOURCE_DIR "/tests/fixtures");
  original.add_alert(1, "a@example.com", "abc", "created");
  original.add_alert(2, "a@example.com", "3", "created");
  const auto alerts = make_original_source(original.url())->alerts_after(0, 10);
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].price, "abc");
  EXPECT_EQ(alerts[1].price, "3");
}

TEST(soci_original_source, opens_a_sqlite_file_read_only_and_never_creates_one) {
  test_support::original_database original("sqlite", PRICEWATCH_SOURCE_DIR "/tests/fixtures");
  const std::string path = original.url().substr(std::string("sqlite://").size());
  const auto before = std::filesystem::last_write_time(path);
  make_original_source(original.url())->users();
  EXPECT_EQ(std::filesystem::last_write_time(path), before);
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));

  const std::string missing = path + ".missing";
  EXPECT_THROW(make_original_source("sqlite://" + missing), backend_error);
  EXPECT_FALSE(std::filesystem::exists(missing));
}

TEST(soci_original_source, refuses_urls_it_cannot_read) {
  for (const std::string url : {"postgresql://u:p@127.0.0.1/original", "redis://127.0.0.1", "sqlite://"}) {
    try {
      make_original_source(url);
      ADD_FAILURE() << url;
    } catch (const std::invalid_argument& error) {
      EXPECT_EQ(std::string(error.what()).find(":p@"), std::string::npos) << error.what();
    }
  }
}

}  // namespace
}  // namespace pricewatch
