// Tests make_database's answers that need no server: unsupported schemes, and the server databases
// this build has no support for (PRICEWATCH_WITH_POSTGRESQL, PRICEWATCH_WITH_MYSQL); and which
// URLs name one SQLite file.
#include "storage/database.hpp"

#include "temp_directory.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <stdexcept>
#include <string>

namespace pricewatch {
namespace {

// The message of the std::invalid_argument that make_database throws for url, or "" if none.
std::string refusal(const std::string& url) {
  try {
    make_database(database_config{url, 1});
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

TEST(make_database, refuses_unsupported_schemes_naming_the_supported_ones) {
  const auto message = refusal("redis://127.0.0.1:6379/0");
  EXPECT_NE(message.find("database.url"), std::string::npos) << message;
  EXPECT_NE(message.find("sqlite://"), std::string::npos) << message;
}

#if PRICEWATCH_HAS_POSTGRESQL
TEST(make_database, refuses_a_postgresql_url_without_a_database_before_connecting) {
  EXPECT_NE(refusal("postgresql://user@127.0.0.1:1"), "");
}
#else
TEST(make_database, refuses_postgresql_in_a_build_without_it_naming_the_option) {
  const auto message = refusal("postgresql://user:secret@127.0.0.1:5432/pricewatch");
  EXPECT_NE(message.find("built without PostgreSQL support (PRICEWATCH_WITH_POSTGRESQL=OFF)"), std::string::npos)
      << message;
  EXPECT_EQ(message.find("secret"), std::string::npos) << message;
}
#endif

#if PRICEWATCH_HAS_MYSQL
TEST(make_database, refuses_a_mysql_url_without_a_database_before_connecting) {
  EXPECT_NE(refusal("mysql://user@127.0.0.1:1"), "");
}
#else
TEST(make_database, refuses_mysql_in_a_build_without_it_naming_the_option) {
  const auto message = refusal("mariadb://user:secret@127.0.0.1:3306/pricewatch");
  EXPECT_NE(message.find("built without MySQL support (PRICEWATCH_WITH_MYSQL=OFF)"), std::string::npos) << message;
  EXPECT_EQ(message.find("secret"), std::string::npos) << message;
}
#endif

TEST(same_sqlite_file, recognises_one_file_by_any_path) {
  test_support::temp_directory directory;
  const auto file = directory.path() / "original.db";
  std::ofstream(file) << "x";
  std::filesystem::create_symlink(file, directory.path() / "link.db");
  const std::string url = "sqlite://" + file.string();
  EXPECT_TRUE(same_sqlite_file(url, url));
  EXPECT_TRUE(same_sqlite_file(url, "sqlite://" + (directory.path() / "." / "original.db").string()));
  EXPECT_TRUE(same_sqlite_file(url, "sqlite://" + (directory.path() / "link.db").string()));
  // A file not made yet is the same as another path to it.
  const auto fresh = directory.path() / "fresh.db";
  EXPECT_TRUE(same_sqlite_file("sqlite://" + fresh.string(), "sqlite://" + (directory.path() / "x/../fresh.db").string()));
  EXPECT_FALSE(same_sqlite_file(url, "sqlite://" + fresh.string()));
  EXPECT_FALSE(same_sqlite_file(url, "mysql://u:p@127.0.0.1/original"));
  EXPECT_FALSE(same_sqlite_file("mysql://u:p@127.0.0.1/a", "mysql://u:p@127.0.0.1/a"));
  EXPECT_FALSE(same_sqlite_file("sqlite://", "sqlite://"));
}

}  // namespace
}  // namespace pricewatch
