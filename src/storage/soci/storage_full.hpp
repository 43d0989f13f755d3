// Recognises a database error that means the disk (or the table space) is full, on every backend
// SOCI reaches, so that it is answered 507 and reported by /readyz instead of a generic 503.
#pragma once

#include "core/backend_error.hpp"

#include <functional>
#include <string>

namespace soci {
class session;
class soci_error;
}

namespace pricewatch::storage {

// SQLite's SQLITE_FULL, PostgreSQL's disk_full (could not extend a file, ENOSPC), MySQL's and
// MariaDB's "table is full" and "disk full".
bool is_storage_full(const soci::soci_error& error);

// What a database on a disk of its own (SQLite) does about a full disk; every part may be empty,
// as for a database server, which handles its own disk.
struct full_disk_handling {
  // For the log: free space, the files' sizes and what recovering needs.
  std::function<std::string()> describe;
  // Gives space back after a write failed for a full disk, before it is tried once more, on the
  // connection of the failed write with the writer lock held. Throws soci_error when it cannot.
  std::function<void(soci::session&)> reclaim;
  // Housekeeping: takes back what reclaim gave up, once there is room. Never throws.
  std::function<void()> restore;
};

// Logs, once per episode (first_failure), that writes fail for a full disk, with what the disk
// holds and what the database needs to recover.
void log_storage_full(bool first_failure, const full_disk_handling& handling, const std::string& error);

// Logs that writes are stored again after a full disk.
void log_storage_recovered();

}  // namespace pricewatch::storage
