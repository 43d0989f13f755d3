#include "storage/database.hpp"

#include "core/backend_error.hpp"
#include "core/writable_folder.hpp"

#include "storage/soci/database_url.hpp"
#include "storage/soci/soci_database.hpp"
#include "storage/soci/sqlite_disk.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>  // sqlite3.h, in namespace sqlite_api

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

// The factories of SOCI's PostgreSQL and MySQL backends, linked in when built with them
// (PRICEWATCH_WITH_POSTGRESQL, PRICEWATCH_WITH_MYSQL). Their own headers would pull in libpq's and
// libmariadb's development headers for two declarations.
extern "C" {
#if PRICEWATCH_HAS_POSTGRESQL
soci::backend_factory const* factory_postgresql();
#endif
#if PRICEWATCH_HAS_MYSQL
soci::backend_factory const* factory_mysql();
#endif
}

namespace pricewatch {
namespace {

constexpr std::string_view sqlite_scheme = "sqlite://";

// SQLite's page cache per connection, in KiB, for a bulk import (the default is 2 MiB). Memory is
// taken only as pages are read.
constexpr int bulk_import_cache_kib = 256 * 1024;

// Each connection is used by one thread at a time (the pool leases it whole, and nothing else
// holds one), so SQLite's own locking of a connection around every call, its default
// ("serialized"), guards nothing here. "Multi-thread" mode drops it: a mutex lock and unlock per
// sqlite3_column_* call was 13 % of the CPU of reading the active alerts at start
// (docs/benchmarks.md, "Ten million alerts at start"). It can only be chosen before SQLite
// initialises, so once per process and before the first connection; should something have
// initialised SQLite already, it stays serialized, which is only slower. Likewise its memory
// statistics, which take a process-wide lock around every allocation SQLite makes (dozens per
// statement it prepares) and which nothing here reads.
void choose_sqlite_process_settings() {
  static const bool chosen = [] {
    const bool threads = sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD) == SQLITE_OK;
    const bool statistics = sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
    return threads && statistics;
  }();
  (void)chosen;
}

storage::soci_target sqlite_target(const std::string& path, bool bulk_import = false) {
  choose_sqlite_process_settings();
  if (path.empty()) {
    throw std::invalid_argument("sqlite:// needs a file path, such as sqlite://var/pricewatch.db");
  }
  const auto folder = std::filesystem::path(path).parent_path();
  // SQLite writes beside the database (its -wal and -shm files): a folder it cannot write in would
  // fail later as "unable to open database file" or "attempt to write a readonly database".
  if (auto problem = unwritable_folder(folder.empty() ? std::filesystem::path(".") : folder)) {
    throw backend_error("database", *problem + "; pricewatch keeps its SQLite database (database.url sqlite://" +
                                        path + ") and its write-ahead log there: make it writable by the user "
                                        "pricewatch runs as, or set database.url to a file elsewhere");
  }
  if (std::error_code missing; std::filesystem::exists(path, missing) && ::access(path.c_str(), W_OK) != 0) {
    throw backend_error("database", path + " (database.url) is not writable: " + std::strerror(errno) +
                                        "; make it writable by the user pricewatch runs as");
  }
  if (!folder.empty()) {
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) {
      throw backend_error("database", "cannot create " + folder.string() + ": " + error.message());
    }
  }
  auto disk = storage::plan_sqlite_disk(path);
  const auto connect = [path, pages = disk.autocheckpoint_pages, limit = disk.journal_size_limit,
                        bulk_import](soci::session& session) {
    session.open(soci::sqlite3, "db=" + path + " timeout=10");
    // WAL lets readers proceed while one writer commits; NORMAL is durable across process crashes.
    session << "PRAGMA journal_mode = WAL";
    session << "PRAGMA synchronous = NORMAL";
    session << "PRAGMA foreign_keys = ON";
    // The log stays within what the disk reserve lets a checkpoint fold in, and a log that grew
    // in a burst is cut back when it restarts instead of keeping its largest size for good.
    session << "PRAGMA wal_autocheckpoint = " + std::to_string(pages);
    session << "PRAGMA journal_size_limit = " + std::to_string(limit);
    if (bulk_import) session << "PRAGMA cache_size = -" + std::to_string(bulk_import_cache_kib);
  };
  return {storage::sqlite_dialect(), connect, std::move(disk.handling)};
}

// The parts of a postgresql:// or mysql:// URL, percent-decoded. (This and quoted() go unused
// in a build with neither PostgreSQL nor MySQL.)
struct server_address {
  std::string host;
  std::string port;
  std::string user;
  std::string password;
  std::string database;
};

[[maybe_unused]] server_address parse_server_url(const std::string& url, std::string_view default_port) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || parsed->host().empty()) {
    throw std::invalid_argument("database.url: expected SCHEME://USER:PASSWORD@HOST:PORT/DATABASE, got a malformed URL");
  }
  server_address address;
  address.host = parsed->host_address();
  address.port = parsed->has_port() ? std::string(parsed->port()) : std::string(default_port);
  address.user = parsed->user();
  address.password = parsed->password();
  address.database = parsed->path();
  if (address.database.starts_with('/')) address.database.erase(0, 1);
  if (address.database.empty() || address.database.find('/') != std::string::npos) {
    throw std::invalid_argument("database.url: name one database after the host, as in .../pricewatch");
  }
  return address;
}

// A value in a libpq or SOCI MySQL connection string: quoted, with quotes and backslashes escaped.
[[maybe_unused]] std::string quoted(const std::string& value) {
  std::string result = "'";
  for (const char c : value) {
    if (c == '\\' || c == '\'') result += '\\';
    result += c;
  }
  return result + "'";
}

storage::soci_target postgresql_target(const std::string& url) {
#if !PRICEWATCH_HAS_POSTGRESQL
  (void)url;
  throw std::invalid_argument(
      "database.url: pricewatch was built without PostgreSQL support (PRICEWATCH_WITH_POSTGRESQL=OFF)");
#else
  const auto address = parse_server_url(url, "5432");
  // Everything a reconnect needs is in the connection string (reconnect() reuses it): a bounded
  // connect, keepalives to notice a dead server, and a statement timeout so nothing hangs.
  const std::string connection = "host=" + quoted(address.host) + " port=" + quoted(address.port) +
                                 " dbname=" + quoted(address.database) + " user=" + quoted(address.user) +
                                 " password=" + quoted(address.password) +
                                 " connect_timeout=5 keepalives=1 keepalives_idle=30 application_name=pricewatch"
                                 " options='-c statement_timeout=30000 -c client_min_messages=warning'";
  const auto connect = [connection](soci::session& session) { session.open(*factory_postgresql(), connection); };
  return {storage::postgresql_dialect(), connect, {}};
#endif
}

storage::soci_target mysql_target(const std::string& url) {
#if !PRICEWATCH_HAS_MYSQL
  (void)url;
  throw std::invalid_argument("database.url: pricewatch was built without MySQL support (PRICEWATCH_WITH_MYSQL=OFF)");
#else
  const auto address = parse_server_url(url, "3306");
  const std::string connection = "host=" + quoted(address.host) + " port=" + address.port +
                                 " dbname=" + quoted(address.database) + " user=" + quoted(address.user) +
                                 " password=" + quoted(address.password) +
                                 " charset=utf8mb4 connect_timeout=5 read_timeout=30 write_timeout=30";
  const auto connect = [connection](soci::session& session) { session.open(*factory_mysql(), connection); };
  return {storage::mysql_dialect(), connect, {}};
#endif
}

// The original's SQLite file, read-only: no folder or file is created, no pragma changes it (WAL
// would be written into the file's header), and a file that is not there is an error.
storage::soci_target original_sqlite_target(const std::string& path) {
  choose_sqlite_process_settings();
  if (path.empty()) {
    throw std::invalid_argument("sqlite:// needs a file path, such as sqlite:///srv/original/db.sqlite3");
  }
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    throw backend_error("original database", "no such file: " + path);
  }
  const auto connect = [path](soci::session& session) {
    session.open(soci::sqlite3, "db=" + path + " timeout=10 readonly=1");
  };
  return {storage::sqlite_dialect(), connect, {}};
}

}  // namespace

namespace storage {

soci_target resolve_original_url(const std::string& url) {
  if (url.starts_with(sqlite_scheme)) return original_sqlite_target(url.substr(sqlite_scheme.size()));
  if (url.starts_with("mysql://") || url.starts_with("mariadb://")) {
    try {
      return mysql_target(url);
    } catch (const std::invalid_argument& error) {
      // Its messages name database.url; here the URL is the command's argument.
      std::string message = error.what();
      if (message.starts_with("database.url: ")) message.erase(0, std::string_view("database.url: ").size());
      throw std::invalid_argument("the original's URL: " + message);
    }
  }
  throw std::invalid_argument("the original's URL: expected mysql://USER:PASSWORD@HOST:PORT/DATABASE or sqlite://PATH");
}

std::string redact_url(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || !parsed->has_password()) return url;
  boost::urls::url redacted(*parsed);
  redacted.remove_password();
  return std::string(redacted.buffer());
}

soci_target resolve_database_url(const std::string& url) {
  if (url.starts_with(sqlite_scheme)) return sqlite_target(url.substr(sqlite_scheme.size()));
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return postgresql_target(url);
  if (url.starts_with("mysql://") || url.starts_with("mariadb://")) return mysql_target(url);
  throw std::invalid_argument("database.url: unsupported scheme (sqlite://, postgresql:// or mysql://)");
}

}  // namespace storage

bool database_is_shared(const std::string& url) { return !url.starts_with(sqlite_scheme); }

bool same_sqlite_file(const std::string& first, const std::string& second) {
  if (!first.starts_with(sqlite_scheme) || !second.starts_with(sqlite_scheme)) return false;
  const std::filesystem::path a = first.substr(sqlite_scheme.size());
  const std::filesystem::path b = second.substr(sqlite_scheme.size());
  if (a.empty() || b.empty()) return false;
  std::error_code error;
  if (std::filesystem::equivalent(a, b, error)) return true;
  const auto absolute_a = std::filesystem::absolute(a, error).lexically_normal();
  const auto absolute_b = std::filesystem::absolute(b, error).lexically_normal();
  return !error && absolute_a == absolute_b;
}

std::unique_ptr<database> make_database(const database_config& config) {
  auto target = config.bulk_import && config.url.starts_with(sqlite_scheme)
                    ? sqlite_target(config.url.substr(sqlite_scheme.size()), true)
                    : storage::resolve_database_url(config.url);
  static const system_wall_clock system_clock;
  return std::make_unique<storage::soci_database>(std::move(target.dialect), std::max<std::size_t>(config.pool_size, 1),
                                                  target.connect, config.clock ? *config.clock : system_clock,
                                                  std::move(target.full_disk));
}

}  // namespace pricewatch
