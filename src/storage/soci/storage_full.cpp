#include "storage/soci/storage_full.hpp"

#include <soci/soci-backend.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include <spdlog/spdlog.h>

#include <string_view>

namespace pricewatch::storage {

bool is_storage_full(const soci::soci_error& error) {
  if (const auto* sqlite = dynamic_cast<const soci::sqlite3_soci_error*>(&error)) {
    return (sqlite->result() & 0xff) == SQLITE_FULL;
  }
  // PostgreSQL and MySQL: their SOCI error types would pull in libpq's and libmariadb's headers;
  // the server's message names the condition. ENOSPC reads "No space left on device" everywhere.
  const std::string_view message = error.what();
  for (const std::string_view sign : {"No space left on device", "could not extend file", "Disk full", "is full"}) {
    if (message.find(sign) != std::string_view::npos) return true;
  }
  return false;
}

void log_storage_full(bool first_failure, const full_disk_handling& handling, const std::string& error) {
  if (!first_failure) {
    spdlog::debug("database write refused, disk still full: {}", error);
    return;
  }
  spdlog::error("database write refused: the disk is full ({}). Writes answer 507 and /readyz reports disk_full until "
                "there is room; nothing acknowledged is lost. {}",
                error, handling.describe ? handling.describe() : std::string("Free space on the database server's disk."));
}

void log_storage_recovered() { spdlog::info("database: writes are stored again, the disk has room"); }

}  // namespace pricewatch::storage
