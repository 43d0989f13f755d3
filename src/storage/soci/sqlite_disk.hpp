// SQLite on a disk that may fill up: a reserve beside the database (storage_reserve.hpp), a
// write-ahead log bounded by what that reserve lets a checkpoint fold in, and what to do when a
// write fails for a full disk (storage_full.hpp). Shared by the connections of one database.
#pragma once

#include "storage/soci/storage_full.hpp"

#include <cstdint>
#include <string>

namespace pricewatch::storage {

struct sqlite_disk {
  // PRAGMA wal_autocheckpoint and journal_size_limit for each connection: the log is checkpointed
  // (and, when it restarts, cut back) at the reserve's size, so that a checkpoint never needs
  // more room than the reserve gives. SQLite's defaults (1,000 pages, 4 MiB) on a roomy disk.
  std::int64_t autocheckpoint_pages = 1000;
  std::int64_t journal_size_limit = 4 * 1024 * 1024;
  full_disk_handling handling;
};

// Takes the reserve for the database at that path (logging when there is no room for it).
sqlite_disk plan_sqlite_disk(const std::string& database_path);

}  // namespace pricewatch::storage
