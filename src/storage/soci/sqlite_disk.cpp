#include "storage/soci/sqlite_disk.hpp"

#include "storage/soci/storage_reserve.hpp"

#include <soci/session.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <memory>

namespace pricewatch::storage {
namespace {

constexpr std::uintmax_t page_bytes = 4096;           // SQLite's default page size
constexpr std::uintmax_t largest_reserve = 4 * 1024 * 1024;  // SQLite's own log bound, 1,000 pages

std::uintmax_t size_or_zero(const std::filesystem::path& file) {
  std::error_code error;
  const auto size = std::filesystem::file_size(file, error);
  return error ? 0 : size;
}

std::string kib(std::uintmax_t bytes) { return std::to_string((bytes + 1023) / 1024) + " KiB"; }

// Free space beside the database and what its files take. A checkpoint folds the write-ahead log
// into the database file, which can grow by up to the log's size before the log is truncated.
std::string storage_report(const std::string& path, const storage_reserve& reserve) {
  const std::filesystem::path database_file(path);
  const auto folder = database_file.has_parent_path() ? database_file.parent_path() : std::filesystem::path(".");
  std::error_code error;
  const auto space = std::filesystem::space(folder, error);
  const auto wal = size_or_zero(path + "-wal");
  const auto held = size_or_zero(reserve.file());
  return (error ? std::string("The free space of ") + folder.string() + " is unknown"
                : kib(space.available) + " free on the disk of " + folder.string()) +
         "; the database file takes " + kib(size_or_zero(database_file)) + ", its write-ahead log " + kib(wal) +
         ", the reserve for a full disk " + kib(held) + ". To write again, free at least " +
         kib(std::max<std::uintmax_t>(wal, reserve.bytes()) + 1024 * 1024) +
         " there: the log is folded into the database (which grows by up to the log's size) and truncated.";
}

}  // namespace

sqlite_disk plan_sqlite_disk(const std::string& database_path) {
  auto reserve = std::make_shared<storage_reserve>(database_path + "-reserve", largest_reserve);
  if (!reserve->restore()) {
    spdlog::warn("database: no room to hold {} KiB back beside {} for a full disk; if the disk fills, more must be "
                 "freed before writes resume",
                 reserve->bytes() / 1024, database_path);
  }
  sqlite_disk plan;
  if (reserve->bytes() > 0) {
    plan.autocheckpoint_pages = std::max<std::int64_t>(16, static_cast<std::int64_t>(reserve->bytes() / page_bytes));
    plan.journal_size_limit = static_cast<std::int64_t>(reserve->bytes());
  }
  plan.handling.describe = [database_path, reserve] { return storage_report(database_path, *reserve); };
  // Fold the log into the database with the reserve's room, truncate it, and hold the reserve
  // again out of what the log gave back.
  plan.handling.reclaim = [reserve](soci::session& session) {
    const bool released = reserve->release();
    session << "PRAGMA wal_checkpoint(TRUNCATE)";
    const bool held = reserve->restore();
    spdlog::debug("database: disk full; {}checkpointed and truncated the write-ahead log{}",
                  released ? "released the reserve, " : "", held ? ", reserve held again" : "; the reserve waits for room");
  };
  plan.handling.restore = [reserve] { reserve->restore(); };
  return plan;
}

}  // namespace pricewatch::storage
