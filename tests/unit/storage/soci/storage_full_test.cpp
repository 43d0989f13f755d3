// Tests which database errors mean a full disk on each backend, and only those.
#include "storage/soci/storage_full.hpp"

#include <soci/soci-backend.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include <gtest/gtest.h>

namespace pricewatch::storage {
namespace {

TEST(is_storage_full, recognises_sqlite_full_by_its_code) {
  EXPECT_TRUE(is_storage_full(soci::sqlite3_soci_error("database or disk is full", SQLITE_FULL)));
  EXPECT_FALSE(is_storage_full(soci::sqlite3_soci_error("UNIQUE constraint failed", SQLITE_CONSTRAINT)));
  EXPECT_FALSE(is_storage_full(soci::sqlite3_soci_error("database is locked", SQLITE_BUSY)));
}

TEST(is_storage_full, recognises_the_servers_messages_for_a_full_disk) {
  EXPECT_TRUE(is_storage_full(soci::soci_error("could not extend file \"base/16384/2619\": No space left on device")));
  EXPECT_TRUE(is_storage_full(soci::soci_error("The table 'alerts' is full")));
  EXPECT_TRUE(is_storage_full(soci::soci_error("Disk full (/tmp/#sql_1.MAI); waiting for someone to free some space")));
  EXPECT_FALSE(is_storage_full(soci::soci_error("duplicate key value violates unique constraint \"users_email_key\"")));
  EXPECT_FALSE(is_storage_full(soci::soci_error("server closed the connection unexpectedly")));
}

}  // namespace
}  // namespace pricewatch::storage
