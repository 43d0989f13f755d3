// Disk space held back beside an SQLite database, so that a full disk never leaves it stuck. In
// WAL mode the log's space only comes back through a checkpoint, and a checkpoint must first grow
// the database file by the pages it folds in: with not one byte free, neither can happen, and the
// database cannot write even after the operator frees a little. Released, the reserve gives that
// checkpoint its room; it is taken again once the disk has space for it twice over.
// For one thread at a time (the database's writer lock, or housekeeping).
#pragma once

#include <cstdint>
#include <filesystem>

namespace pricewatch::storage {

class storage_reserve {
 public:
  // A reserve file of `bytes`, at most an eighth of its filesystem; restore() takes it.
  storage_reserve(std::filesystem::path file, std::uintmax_t bytes);

  // Deletes the reserve file; true when it was there (so space was freed). Never throws.
  bool release();

  // Takes the reserve again when it is not held and the disk has room for it twice over;
  // true when it is held afterwards. Never throws.
  bool restore();

  std::uintmax_t bytes() const { return bytes_; }
  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
  std::uintmax_t bytes_;
};

}  // namespace pricewatch::storage
