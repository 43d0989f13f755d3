// From a database URL (sqlite://PATH, postgresql://..., mysql://...) to what SOCI needs: the
// dialect and how to open one connection. make_database builds its pool from it; tests use it
// to open a session of their own (to create a scratch database).
#pragma once

#include "storage/soci/sql_dialect.hpp"
#include "storage/soci/storage_full.hpp"

#include <functional>
#include <string>

namespace soci {
class session;
}

namespace pricewatch::storage {

struct soci_target {
  sql_dialect dialect;
  std::function<void(soci::session&)> connect;
  full_disk_handling full_disk;  // SQLite's; empty for a database server
};

// Throws std::invalid_argument, naming database.url, for an unsupported or malformed URL.
soci_target resolve_database_url(const std::string& url);

// The original service's database, to read and never write (import-original): sqlite://PATH
// opened read-only (it must exist: nothing is created), or mysql://... (mariadb:// too). Throws
// std::invalid_argument for any other or a malformed URL, backend_error for a missing file.
soci_target resolve_original_url(const std::string& url);

// The URL without its password, to show.
std::string redact_url(const std::string& url);

}  // namespace pricewatch::storage
