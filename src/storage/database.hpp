// The database behind the stores, chosen by URL: sqlite:// now; PostgreSQL and MySQL follow
// through the same SOCI implementation.
#pragma once

#include "core/clock.hpp"

#include "storage/alert_store.hpp"
#include "storage/channel_store.hpp"
#include "storage/notification_store.hpp"
#include "storage/session_store.hpp"
#include "storage/settings_store.hpp"
#include "storage/user_store.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace pricewatch {

struct database_config {
  std::string url = "sqlite://var/pricewatch.db";
  std::size_t pool_size = 4;
  const wall_clock* clock = nullptr;  // dates the migrations it applies; none: the system's
  // One process writing a great deal at once (import-original): SQLite keeps a page cache of up
  // to 256 MiB per connection instead of 2 MiB, so that the indexes of a million alerts stay in
  // memory while they are written.
  bool bulk_import = false;
};

class database {
 public:
  virtual ~database() = default;

  virtual user_store& users() = 0;
  virtual alert_store& alerts() = 0;
  virtual notification_store& notifications() = 0;
  virtual channel_store& channels() = 0;
  virtual settings_store& settings() = 0;
  virtual session_store& sessions() = 0;

  // Applies the migrations not yet applied; returns how many ran. Throws backend_error.
  virtual int migrate() = 0;

  // True when a trivial query succeeds now. Never throws.
  virtual bool ping() = 0;

  // False while changes cannot be stored because the disk is full: the first call, and each call
  // after a write failed so, tries a small write; true again once one is stored. Never throws.
  virtual bool writable() = 0;

  // Housekeeping to run every few seconds (SQLite: keep the WAL file small). Throws backend_error.
  virtual void maintain() = 0;
};

// Connects (opening or creating the SQLite file and its folder). Throws backend_error when the
// database cannot be opened, std::invalid_argument when the URL is not supported.
std::unique_ptr<database> make_database(const database_config& config);

// Whether the database at url is a server that several processes share (PostgreSQL, MySQL), not
// one process's SQLite file. Throws std::invalid_argument when the URL is not supported.
bool database_is_shared(const std::string& url);

// Whether two database URLs name one SQLite file (the same path, or two paths to one file), so
// that import-original never writes pricewatch's tables into the original's file. Never throws.
bool same_sqlite_file(const std::string& first, const std::string& second);

// `pricewatch backup`: a consistent copy of the SQLite database at url, taken while the service
// may be writing (VACUUM INTO reads one snapshot), written to target, which must not exist. Throws
// std::invalid_argument for a database that is not SQLite (a server has its own tools) or a target
// that exists, backend_error when the database cannot be read or the copy written.
void backup_sqlite(const std::string& url, const std::filesystem::path& target);

}  // namespace pricewatch
