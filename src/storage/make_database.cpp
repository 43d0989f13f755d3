#include "storage/database.hpp"

#include "core/backend_error.hpp"

#include "storage/soci/soci_database.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>
#include <stdexcept>

namespace pricewatch {
namespace {

std::unique_ptr<database> make_sqlite_database(const std::string& path, std::size_t pool_size) {
  if (path.empty()) {
    throw std::invalid_argument("sqlite:// needs a file path, such as sqlite://var/pricewatch.db");
  }
  const auto folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) {
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) {
      throw backend_error("database", "cannot create " + folder.string() + ": " + error.message());
    }
  }
  const auto connect = [path](soci::session& session) {
    session.open(soci::sqlite3, "db=" + path + " timeout=10");
    // WAL lets readers proceed while one writer commits; NORMAL is durable across process crashes.
    session << "PRAGMA journal_mode = WAL";
    session << "PRAGMA synchronous = NORMAL";
    session << "PRAGMA foreign_keys = ON";
  };
  return std::make_unique<storage::soci_database>(storage::sqlite_dialect(), pool_size, connect);
}

}  // namespace

std::unique_ptr<database> make_database(const database_config& config) {
  constexpr std::string_view sqlite_scheme = "sqlite://";
  if (config.url.starts_with(sqlite_scheme)) {
    return make_sqlite_database(config.url.substr(sqlite_scheme.size()), std::max<std::size_t>(config.pool_size, 1));
  }
  throw std::invalid_argument("unsupported database URL (this build supports sqlite://): " + config.url);
}

}  // namespace pricewatch
