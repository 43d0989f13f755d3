// Tests make_database's answers that need no server: unsupported schemes, and the server databases
// this build has no support for (PRICEWATCH_WITH_POSTGRESQL, PRICEWATCH_WITH_MYSQL).
#include "storage/database.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace pricewatch
