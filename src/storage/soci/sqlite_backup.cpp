// backup_sqlite (storage/database.hpp): VACUUM INTO, which copies one read transaction's snapshot
// page by page into a new, compact file while writers go on in the write-ahead log.
#include "storage/database.hpp"

#include "core/backend_error.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <stdexcept>

namespace pricewatch {

void backup_sqlite(const std::string& url, const std::filesystem::path& target) {
  constexpr std::string_view scheme = "sqlite://";
  if (!url.starts_with(scheme)) {
    const auto named = url.substr(0, url.find(':'));
    throw std::invalid_argument("pricewatch backup copies an SQLite database; database.url is " + named +
                                "://..., whose server has its own tools (pg_dump, mariadb-dump)");
  }
  const std::string path = url.substr(scheme.size());
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    throw std::invalid_argument("there is no database at " + path + " (database.url " + url + ")");
  }
  if (std::filesystem::exists(target, error)) {
    throw std::invalid_argument(target.string() + " exists; pricewatch backup never overwrites a file");
  }
  const auto absolute = std::filesystem::absolute(target, error);
  try {
    soci::session sql(soci::sqlite3, "db=" + path + " timeout=10");
    std::string copy_to = (error ? target : absolute).string();
    sql << "VACUUM INTO :target", soci::use(copy_to);
  } catch (const soci::soci_error& failed) {
    throw backend_error("database", "backup of " + path + " to " + target.string() + " failed: " + failed.what());
  }
}

}  // namespace pricewatch
